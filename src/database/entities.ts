import { ApiToken } from '../accounts/api-token.entity.js';
import { Session } from '../accounts/session.entity.js';
import { SignInAttempt } from '../accounts/sign-in-attempt.entity.js';
import { User } from '../accounts/user.entity.js';
import { CalendarFeed, RegistrationFeed } from '../calendar/calendar-feed.entity.js';
import { OutboxMessage } from '../notifications/outbox-message.entity.js';
import { EventSession } from '../events/event-session.entity.js';
import { EventRecord } from '../events/event.entity.js';
import { Registration } from '../registrations/registration.entity.js';
import { ReservationHistory } from '../reservations/reservation-history.entity.js';
import { ReservationSeries } from '../reservations/reservation-series.entity.js';
import { Reservation } from '../reservations/reservation.entity.js';
import { Room } from '../rooms/room.entity.js';
import { Closure } from '../venues/closure.entity.js';
import { OpeningHour } from '../venues/opening-hour.entity.js';
import { VenueManager } from '../venues/venue-manager.entity.js';
import { Venue } from '../venues/venue.entity.js';

export const ENTITIES = [User, Session, ApiToken, SignInAttempt, Venue, OpeningHour, Closure, VenueManager, Room, Reservation, ReservationSeries, ReservationHistory, EventRecord, EventSession, Registration, CalendarFeed, RegistrationFeed, OutboxMessage];
