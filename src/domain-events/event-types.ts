/**
 * The catalogue of domain events: every type, its payload version, and whether partners see it (webhooks, the changes
 * feed). Internal types drive in-process subscribers only (a new manage link is mailed, never published).
 */
export const DOMAIN_EVENT_TYPES = {
  'reservation.created': { version: 1, public: true, summary: 'A room was booked (confirmed) or requested (pending approval), or a block was placed.' },
  'reservation.approved': { version: 1, public: true, summary: 'A manager approved a pending booking request.' },
  'reservation.rejected': { version: 1, public: true, summary: 'A manager rejected a pending booking request.' },
  'reservation.cancelled': { version: 1, public: true, summary: 'A booking was cancelled by its creator, a manager, or a closure.' },
  'reservation.moved': { version: 1, public: true, summary: 'A booking moved to another time or room.' },
  'reservation.checked_in': { version: 1, public: true, summary: 'The creator checked in to a booked room.' },
  'reservation.no_show': { version: 1, public: true, summary: 'Nobody checked in in time: the booking was released.' },
  'event.published': { version: 1, public: true, summary: 'An event (workshop, conference…) was published.' },
  'event.changed': { version: 1, public: true, summary: 'A published event changed (time, sessions, capacity, text).' },
  'event.cancelled': { version: 1, public: true, summary: 'An event was cancelled.' },
  'registration.confirmed': { version: 1, public: true, summary: 'An attendee got a seat.' },
  'registration.waitlisted': { version: 1, public: true, summary: 'An attendee joined the waiting list.' },
  'registration.promoted': { version: 1, public: true, summary: 'A waiting-list attendee got a seat.' },
  'registration.cancelled': { version: 1, public: true, summary: 'A registration was cancelled.' },
  'registration.checked_in': { version: 1, public: true, summary: 'An attendee was checked in at the door.' },
  'registration.check_in_corrected': { version: 1, public: false, summary: 'An earlier offline door scan of a checked-in ticket arrived: the check-in time moved to it.' },
  'registration.link_requested': { version: 1, public: false, summary: 'An attendee asked for a new manage link (mailed, never published).' },
  'venue.closure_added': { version: 1, public: true, summary: 'A venue (or one room) closed for a period.' },
  'venue.timezone_changed': { version: 1, public: false, summary: 'A venue moved to another time zone: its local days (the reports\' roll-ups) change.' },
  'webhook.test': { version: 1, public: false, summary: 'A test delivery asked for on one endpoint.' },
} as const;

export type DomainEventType = keyof typeof DOMAIN_EVENT_TYPES;
export const PUBLIC_EVENT_TYPES = (Object.keys(DOMAIN_EVENT_TYPES) as DomainEventType[]).filter((t) => DOMAIN_EVENT_TYPES[t].public);
export const isPublicEventType = (type: string): type is DomainEventType => (PUBLIC_EVENT_TYPES as string[]).includes(type);
