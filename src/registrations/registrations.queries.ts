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
const VERSION_OF_E = VERSION.replace(/(\w+)/g, 'e.$1');

// One statement takes k arrival numbers and, from the event row's counters (kept by triggers, migration
// 1764612000000), the free seats and the waiting list's length; the k registrations are inserted in arrival order, the
// first `free` of them confirmed. The UPDATE locks the event row: it is then held only for the rest of the batch's
// inserts and the commit.
const takePg: Statement = {
  name: 'rk_registration_take_places',
  sql: `WITH e AS (
      UPDATE events SET arrivals = arrivals + $2 WHERE id = $1 AND status = 'published'
      RETURNING id, arrivals - $2 AS before, GREATEST(capacity - confirmed_count, 0) AS free, waitlisted_count AS waiting, ${VERSION}
    ), a AS (
      SELECT * FROM unnest($3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::varchar[], $8::varchar[], $9::varchar[], $10::boolean[], $11::varchar[])
        WITH ORDINALITY AS a(token_hash, ticket_code, name, email, phone, business_name, sector, consent, locale, n)
    ), r AS (
      INSERT INTO registrations (${COLUMNS})
      SELECT e.id, CASE WHEN a.n <= e.free THEN 'confirmed' ELSE 'waitlisted' END, e.before + a.n,
        a.token_hash, a.ticket_code, a.name, a.email, a.phone, a.business_name, a.sector, a.consent, a.locale, 0
      FROM e, a ORDER BY a.n
      RETURNING id, status, arrival
    )
    SELECT r.id, r.status, r.arrival, e.before, e.free, e.waiting, ${VERSION_OF_E} FROM r, e`,
};

// SQLite has no data-modifying CTE; the statements run in the serialised writer's transaction, one after the other.
const arriveSqlite: Statement = {
  name: 'rk_registration_arrive',
  sql: `UPDATE events SET arrivals = arrivals + $2 WHERE id = $1 AND status = 'published'
    RETURNING arrivals - $2 AS before, max(capacity - confirmed_count, 0) AS free, waitlisted_count AS waiting, ${VERSION}`,
};
const insertSqlite: Statement = {
  name: 'rk_registration_insert',
  sql: `INSERT INTO registrations (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0) RETURNING id, status, arrival`,
};

/** Where the batch's arrival numbers start, the seats still free and the waiting list's length before it. */
interface Places { before: number; free: number; waiting: number }

/** The n-th arrival of a batch (from 1): a seat while free ones remain, else the next place on the waiting list. */
const placeOf = (places: Places, arrival: number): { status: RegistrationStatus; position: number | null } => {
  const n = arrival - places.before;
  return n <= places.free ? { status: 'confirmed', position: null } : { status: 'waitlisted', position: places.waiting + n - places.free };
};

const numbers = (row: Places): Places => ({ before: Number(row.before), free: Number(row.free), waiting: Number(row.waiting) });

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
   * Takes the next arrival numbers for `rows` (all of one event, in this order), a seat for each while free ones remain
   * (else the next waiting-list places) and inserts the registrations, inside the caller's write transaction; the
   * places come back in the order of `rows`. Null when the event is not published (any more).
   */
  async take(m: EntityManager, eventId: number, rows: NewRegistration[]): Promise<TakenPlace[] | null> {
    if (this.prepared.isPostgres) {
      const column = <K extends keyof NewRegistration>(key: K) => rows.map((r) => r[key]) as Array<string | boolean | null>;
      const taken = await this.prepared.rows<{ id: number; arrival: number } & Places & EventVersionRow>(m, takePg, [eventId, rows.length,
        ...(['tokenHash', 'ticketCode', 'name', 'email', 'phone', 'businessName', 'sector', 'consent', 'locale'] as const).map(column)]);
      if (!taken.length) return null;
      const places = numbers(taken[0]);
      return taken.sort((a, b) => a.arrival - b.arrival).map((t) => ({ id: Number(t.id), arrival: t.arrival, ...placeOf(places, t.arrival), event: versionOf(t) }));
    }
    const arrived = await this.prepared.one<Places & EventVersionRow>(m, arriveSqlite, [eventId, rows.length]);
    if (!arrived) return null;
    const places = numbers(arrived);
    return Promise.all(rows.map(async (row, i) => {
      const arrival = places.before + i + 1;
      const place = placeOf(places, arrival);
      const inserted = await this.prepared.one<{ id: number }>(m, insertSqlite, [eventId, place.status, arrival, row.tokenHash, row.ticketCode,
        row.name, row.email, row.phone, row.businessName, row.sector, row.consent, row.locale]);
      return { id: inserted!.id, arrival, ...place, event: versionOf(arrived) };
    }));
  }
}
