import { toZonedIso } from '../common/time.js';
import type { EventRecord } from '../events/event.entity.js';
import type { EventWithDetails } from '../events/events.service.js';
import type { Registration } from './registration.entity.js';

/**
 * The payload of a `registration.*` event (version 1). Personal data stays in the app: a name, never the email, the
 * phone or the ticket code (a code is a ticket; a partner's log must not be a door key).
 */
export function registrationPayload(
  r: Registration, event: Pick<EventRecord, 'id' | 'title' | 'startsAt'> & { venue: { timezone: string } }, waitlistPosition: number | null = null,
): Record<string, unknown> {
  const zone = event.venue.timezone;
  return {
    registration: {
      id: r.id, eventId: r.eventId, status: r.status, waitlistPosition: r.status === 'waitlisted' ? waitlistPosition : null, name: r.name,
      checkedInAt: r.checkedInAt ? toZonedIso(r.checkedInAt, zone) : null,
    },
    event: { id: event.id, title: event.title, start: toZonedIso(event.startsAt, zone), timezone: zone },
  };
}

/** What subscribers of `registration.*` get: the row, its event with venue and programme, and for mail only the secrets. */
export interface RegistrationEventContext {
  registration: Registration;
  event: EventWithDetails;
  position?: number | null;
  /** The manage link's token, only in the first invitation and a requested new link: never stored, never published. */
  token?: string | null;
}
