import { Foundation1763800000000 } from './1763800000000-foundation.js';
import { Reservations1763900000000 } from './1763900000000-reservations.js';
import { ReservationIndexes1764000000000 } from './1764000000000-reservation-indexes.js';
import { Events1764100000000 } from './1764100000000-events.js';
import { CalendarFeeds1764200000000 } from './1764200000000-calendar-feeds.js';
import { Outbox1764300000000 } from './1764300000000-outbox.js';
import { EventCover1764400000000 } from './1764400000000-event-cover.js';
import { TicketFeeds1764500000000 } from './1764500000000-ticket-feeds.js';
import { RegistrationCounts1764612000000 } from './1764612000000-registration-counts.js';
import { SearchKeys1764613000000 } from './1764613000000-search-keys.js';
import { SignInThrottles1764617000000 } from './1764617000000-sign-in-throttles.js';
import { MailWorkers1764640000000 } from './1764640000000-mail-workers.js';
import { DomainEvents1764700000000 } from './1764700000000-domain-events.js';
import { IdempotencyKeys1764720000000 } from './1764720000000-idempotency-keys.js';
import { Webhooks1764800000000 } from './1764800000000-webhooks.js';
import { CheckInScans1764810000000 } from './1764810000000-check-in-scans.js';
import { RoomCheckIn1764820000000 } from './1764820000000-room-check-in.js';
import { ReportIndexes1764830000000 } from './1764830000000-report-indexes.js';
import { ReportCreatorIndex1764850000000 } from './1764850000000-report-creator-index.js';
import { ReportRollups1764860000000 } from './1764860000000-report-rollups.js';
import { ReportServedIndex1764870000000 } from './1764870000000-report-served-index.js';

/** Every migration, in order. A new migration is appended here. */
export const MIGRATIONS = [Foundation1763800000000, Reservations1763900000000, ReservationIndexes1764000000000, Events1764100000000, CalendarFeeds1764200000000, Outbox1764300000000, EventCover1764400000000, TicketFeeds1764500000000, RegistrationCounts1764612000000, SearchKeys1764613000000, SignInThrottles1764617000000, MailWorkers1764640000000,
  DomainEvents1764700000000,
  IdempotencyKeys1764720000000,
  Webhooks1764800000000,
  CheckInScans1764810000000,
  RoomCheckIn1764820000000,
  ReportIndexes1764830000000,
  ReportCreatorIndex1764850000000,
  ReportRollups1764860000000,
  ReportServedIndex1764870000000,
];
