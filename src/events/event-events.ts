import { toZonedIso } from '../common/time.js';
import type { Registration } from '../registrations/registration.entity.js';
import type { EventSession } from './event-session.entity.js';
import type { EventRecord } from './event.entity.js';

type EventForPayload = Pick<EventRecord, 'id' | 'title' | 'kind' | 'status' | 'venueId' | 'startsAt' | 'endsAt' | 'capacity'> & {
  venue: { timezone: string };
  sessions: Array<Pick<EventSession, 'title' | 'startAt' | 'endAt' | 'roomId'>>;
};

/** The event as every `event.*` payload carries it (version 1): its public page, its programme in start order. */
export function eventSnapshot(e: EventForPayload, publicBaseUrl: string) {
  const zone = e.venue.timezone;
  return {
    id: e.id, title: e.title, kind: e.kind, status: e.status, venueId: e.venueId,
    start: toZonedIso(e.startsAt, zone), end: toZonedIso(e.endsAt, zone), timezone: zone, capacity: e.capacity, url: `${publicBaseUrl}/events/${e.id}`,
    sessions: [...e.sessions].sort((a, b) => a.startAt.getTime() - b.startAt.getTime())
      .map((s) => ({ title: s.title, start: toZonedIso(s.startAt, zone), end: toZonedIso(s.endAt, zone), roomId: s.roomId })),
  };
}

export function eventPayload(e: EventForPayload, publicBaseUrl: string, extra: { changes?: string[]; reason?: string | null } = {}): Record<string, unknown> {
  return {
    event: eventSnapshot(e, publicBaseUrl),
    ...(extra.changes ? { changes: extra.changes } : {}),
    ...(extra.reason ? { reason: extra.reason } : {}),
  };
}

/** The fields a change may touch, by their API names. */
const FIELDS = ['kind', 'title', 'summary', 'description', 'tags', 'language', 'capacity', 'coverImageUrl', 'registrationOpensAt', 'registrationClosesAt', 'startsAt', 'endsAt'] as const;
const API_NAME: Record<string, string> = { startsAt: 'start', endsAt: 'end' };
type Comparable = Pick<EventRecord, (typeof FIELDS)[number]>;

const same = (a: unknown, b: unknown): boolean =>
  a instanceof Date || b instanceof Date ? (a as Date | null)?.getTime() === (b as Date | null)?.getTime() : JSON.stringify(a) === JSON.stringify(b);

/**
 * What an update changed, by API field name (`start`/`end` for the event's times). A new programme counts as
 * `sessions` whenever one was given: its rooms were held again and the calendar entries raised their sequence.
 */
export function eventChanges(before: Comparable, after: Comparable, programmeReplaced: boolean): string[] {
  const changed: string[] = FIELDS.filter((f) => !same(before[f], after[f])).map((f) => API_NAME[f] ?? f);
  return programmeReplaced ? [...changed, 'sessions'] : changed;
}

/** What subscribers of `event.changed` and `event.cancelled` get beside the payload. */
export interface EventChangeContext {
  /** The event after the change, with its venue and programme (rooms loaded). */
  event: EventRecord & { venue: { timezone: string } } & { sessions: Array<EventSession & { room: unknown }> };
  /** The programme before a change that replaced it (empty otherwise). */
  before: EventSession[];
  /** Filled by the registrations feature: who moved up from the waiting list because of this change. */
  promoted: Registration[];
}
