import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Prepared, type Statement } from '../database/prepared.js';
import { instant } from '../database/sql-time.js';
import type { RegistrationStatus } from './registration.entity.js';

export interface NewRegistration {
  eventId: number; tokenHash: string; ticketCode: string; name: string; email: string; phone: string | null;
  businessName: string | null; sector: string | null; consent: boolean; locale: 'id' | 'en';
}

/**
 * The place taken, and the event row's fields an invitation shows as the statement saw them: a programme change raises
 * `sequence`, any change `updated_at` (whole seconds on SQLite, hence the texts too).
 */
export interface TakenPlace {
  id: number; status: RegistrationStatus; arrival: number; position: number | null;
  event: { sequence: number; updatedAt: Date; title: string; summary: string };
}

interface EventVersionRow { sequence: number; updated_at: Date | string; title: string; summary: string }

const versionOf = (row: EventVersionRow): TakenPlace['event'] => ({ sequence: Number(row.sequence), updatedAt: instant(row.updated_at), title: row.title, summary: row.summary });
const VERSION = 'sequence, updated_at, title, summary';

const COLUMNS = 'event_id, status, arrival, token_hash, ticket_code, name, email, phone, business_name, sector, consent, locale, sequence';
const VALUES = '$2, $3, $4, $5, $6, $7, $8, CAST($9 AS boolean), $10, 0';

// The event row's counters (kept by triggers, migration 1764612000000) decide the seat and the waiting-list place in
// the UPDATE that locks the row: the lock is then held only for the insert, the invitation and the commit.
const seatPg: Statement = {
  name: 'rk_registration_take_seat',
  sql: `WITH e AS (
      UPDATE events SET arrivals = arrivals + 1 WHERE id = $1 AND status = 'published'
      RETURNING id, arrivals, confirmed_count < capacity AS seat, waitlisted_count + 1 AS place, ${VERSION}
    ), r AS (
      INSERT INTO registrations (${COLUMNS})
      SELECT e.id, CASE WHEN e.seat THEN 'confirmed' ELSE 'waitlisted' END, e.arrivals, ${VALUES} FROM e
      RETURNING id, status, arrival
    )
    SELECT r.id, r.status, r.arrival, CASE WHEN r.status = 'waitlisted' THEN e.place END AS position, ${VERSION.replace(/(\w+)/g, 'e.$1')} FROM r, e`,
};

// SQLite has no data-modifying CTE; both statements run in the serialised writer's transaction, one after the other.
const arriveSqlite: Statement = {
  name: 'rk_registration_arrive',
  sql: `UPDATE events SET arrivals = arrivals + 1 WHERE id = $1 AND status = 'published'
    RETURNING arrivals, confirmed_count < capacity AS seat, waitlisted_count + 1 AS place, ${VERSION}`,
};
const insertSqlite: Statement = {
  name: 'rk_registration_insert',
  sql: `INSERT INTO registrations (${COLUMNS}) VALUES ($1, $11, $12, ${VALUES}) RETURNING id, status, arrival`,
};

const existing: Statement = {
  name: 'rk_registration_by_email',
  sql: 'SELECT id FROM registrations WHERE event_id = $1 AND email = $2',
};

/** The registration hot path as prepared statements returning plain rows. */
@Injectable()
export class RegistrationQueries {
  constructor(private readonly prepared: Prepared) {}

  /** Whether this email already holds a registration (of any state) for the event. */
  async exists(eventId: number, email: string): Promise<boolean> {
    return Boolean(await this.prepared.one(null, existing, [eventId, email]));
  }

  /**
   * Takes the next arrival number and a seat if one is free (else the next waiting-list place) and inserts the
   * registration, inside the caller's write transaction. Null when the event is not published (any more).
   */
  async take(m: EntityManager, row: NewRegistration): Promise<TakenPlace | null> {
    const values = [row.tokenHash, row.ticketCode, row.name, row.email, row.phone, row.businessName, row.sector, row.consent, row.locale];
    if (this.prepared.isPostgres) {
      const taken = await this.prepared.one<Omit<TakenPlace, 'event'> & EventVersionRow>(m, seatPg, [row.eventId, ...values]);
      return taken ? { id: taken.id, status: taken.status, arrival: taken.arrival, position: taken.position === null ? null : Number(taken.position), event: versionOf(taken) } : null;
    }
    const arrival = await this.prepared.one<{ arrivals: number; seat: number; place: number } & EventVersionRow>(m, arriveSqlite, [row.eventId]);
    if (!arrival) return null;
    const status: RegistrationStatus = arrival.seat ? 'confirmed' : 'waitlisted';
    const inserted = await this.prepared.one<{ id: number; status: RegistrationStatus; arrival: number }>(m, insertSqlite,
      [row.eventId, ...values, status, arrival.arrivals]);
    return { ...inserted!, position: status === 'waitlisted' ? arrival.place : null, event: versionOf(arrival) };
  }
}
