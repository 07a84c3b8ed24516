import type { EntityManager } from 'typeorm';
import type { Change, DomainEvents, PreparedChange } from '../domain-events/domain-events.service.js';
import type { DomainEventType } from '../domain-events/event-types.js';
import type { EventRecord } from '../events/event.entity.js';
import type { EventWithDetails } from '../events/events.service.js';
import { registrationPayload, type RegistrationEventContext } from './registration-events.js';
import { Registration } from './registration.entity.js';
import { whoIsPromoted } from './waitlist.js';

type RegistrationEventType = Extract<DomainEventType, `registration.${string}`>;

/** One `registration.*` change as the stream records it, for `DomainEvents.recordMany()`. */
export function registrationChange(
  type: RegistrationEventType, actorId: number | null, registration: Registration, event: EventWithDetails,
  extra: Pick<RegistrationEventContext, 'position' | 'token'> = {}, prepared?: PreparedChange,
): Change<RegistrationEventContext> {
  return {
    input: { type, actorId, venueId: event.venueId, eventId: event.id, payload: registrationPayload(registration, event, extra.position ?? null) },
    context: { registration, event, ...extra }, prepared,
  };
}

/** Records one `registration.*` domain event in the change's transaction (the mail subscriber writes the message). */
export function recordRegistration(
  stream: DomainEvents, m: EntityManager, type: RegistrationEventType, actorId: number | null,
  registration: Registration, event: EventWithDetails, extra: Pick<RegistrationEventContext, 'position' | 'token'> = {}, prepared?: PreparedChange,
) {
  const { input, context } = registrationChange(type, actorId, registration, event, extra, prepared);
  return stream.record<RegistrationEventContext>(m, input, context, prepared);
}

/** Promotes the earliest waitlisted registrations into free seats, inside the caller's transaction (event row locked). */
export async function promoteWaitlist(m: EntityManager, event: EventRecord, now = new Date()): Promise<Registration[]> {
  const confirmed = await m.countBy(Registration, { eventId: event.id, status: 'confirmed' });
  const waitlisted = await m.find(Registration, { where: { eventId: event.id, status: 'waitlisted' }, order: { arrival: 'ASC' }, take: Math.max(0, event.capacity - confirmed) });
  const promoted = whoIsPromoted({ capacity: event.capacity, confirmed, waitlisted, eventStatus: event.status, startsAt: event.startsAt, now });
  const rows = waitlisted.filter((w) => promoted.some((p) => p.id === w.id));
  for (const r of rows) { r.status = 'confirmed'; r.sequence += 1; }
  if (rows.length) await m.save(rows);
  return rows;
}

/** Promotes the waiting list and records each promotion. */
export async function promoteAndRecord(stream: DomainEvents, m: EntityManager, event: EventWithDetails, actorId: number | null): Promise<Registration[]> {
  const promoted = await promoteWaitlist(m, event);
  for (const p of promoted) await recordRegistration(stream, m, 'registration.promoted', actorId, p, event);
  return promoted;
}
