import type { EntityManager } from 'typeorm';
import { User } from '../accounts/user.entity.js';
import { Prepared, type Statement } from '../database/prepared.js';
import { Room } from '../rooms/room.entity.js';
import { Venue } from '../venues/venue.entity.js';
import { EventSession } from './event-session.entity.js';
import { EventRecord } from './event.entity.js';
import type { EventWithDetails } from './events.service.js';

/** An event with its venue and programme, and the seat counters the registration statement decides by. */
export type EventWithCounts = EventWithDetails & { confirmedCount: number; waitlistedCount: number };

/**
 * An event with venue, sessions and their rooms in one prepared statement: what a registration's invitation, the door
 * and a change's domain event show; `page` also joins the organiser, for the public event page.
 */
export class EventDetailsQuery {
  private readonly statement: Statement;
  private readonly pageStatement: Statement;

  constructor(private readonly prepared: Prepared) {
    const columns = [prepared.columnsOf(EventRecord, 'e'), prepared.columnsOf(Venue, 'v'), prepared.columnsOf(EventSession, 's'), prepared.columnsOf(Room, 'r')];
    const from = 'FROM events e JOIN venues v ON v.id = e.venue_id';
    const programme = 'LEFT JOIN event_sessions s ON s.event_id = e.id LEFT JOIN rooms r ON r.id = s.room_id WHERE e.id = $1 ORDER BY s.start_at, s.id';
    this.statement = { name: 'event_details', sql: `SELECT ${columns.join(', ')} ${from} ${programme}` };
    this.pageStatement = {
      name: 'event_page',
      sql: `SELECT ${[...columns, prepared.columnsOf(User, 'u')].join(', ')} ${from} LEFT JOIN users u ON u.id = e.organiser_id ${programme}`,
    };
  }

  /** Null for an unknown event. `m` reads inside a transaction. */
  async details(id: number, m: EntityManager | null = null): Promise<EventWithCounts | null> {
    return this.read(this.statement, id, m);
  }

  /** As `details`, with the organiser (the public event page names them). */
  async page(id: number): Promise<(EventWithCounts & { organiser: User | null }) | null> {
    return this.read(this.pageStatement, id, null, (event, row) => Object.assign(event, { organiser: this.prepared.entity(User, row, 'u') }));
  }

  private async read<T extends EventWithCounts>(statement: Statement, id: number, m: EntityManager | null, extra?: (event: EventWithCounts, row: Record<string, unknown>) => T): Promise<T | null> {
    const rows = await this.prepared.rows<Record<string, unknown>>(m, statement, [id]);
    if (!rows.length) return null;
    const event = this.prepared.entity(EventRecord, rows[0], 'e') as EventWithCounts;
    event.venue = this.prepared.entity(Venue, rows[0], 'v')!;
    event.sessions = rows.flatMap((row) => {
      const session = this.prepared.entity(EventSession, row, 's');
      return session ? [Object.assign(session, { room: this.prepared.entity(Room, row, 'r')! })] : [];
    });
    return extra ? extra(event, rows[0]) : event as T;
  }
}
