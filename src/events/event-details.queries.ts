import type { EntityManager } from 'typeorm';
import { Prepared, type Statement } from '../database/prepared.js';
import { Room } from '../rooms/room.entity.js';
import { Venue } from '../venues/venue.entity.js';
import { EventSession } from './event-session.entity.js';
import { EventRecord } from './event.entity.js';
import type { EventWithDetails } from './events.service.js';

/** An event with its venue and programme, and the seat counters the registration statement decides by. */
export type EventWithCounts = EventWithDetails & { confirmedCount: number; waitlistedCount: number };

/** An event with venue, sessions and their rooms in one prepared statement: what a registration's invitation shows. */
export class EventDetailsQuery {
  private readonly statement: Statement;

  constructor(private readonly prepared: Prepared) {
    this.statement = {
      name: 'event_details',
      sql: `SELECT ${[prepared.columnsOf(EventRecord, 'e'), prepared.columnsOf(Venue, 'v'), prepared.columnsOf(EventSession, 's'), prepared.columnsOf(Room, 'r')].join(', ')}
        FROM events e JOIN venues v ON v.id = e.venue_id LEFT JOIN event_sessions s ON s.event_id = e.id LEFT JOIN rooms r ON r.id = s.room_id
        WHERE e.id = $1 ORDER BY s.start_at, s.id`,
    };
  }

  /** Null for an unknown event. `m` reads inside a transaction. */
  async details(id: number, m: EntityManager | null = null): Promise<EventWithCounts | null> {
    const rows = await this.prepared.rows<Record<string, unknown>>(m, this.statement, [id]);
    if (!rows.length) return null;
    const event = this.prepared.entity(EventRecord, rows[0], 'e') as EventWithCounts;
    event.venue = this.prepared.entity(Venue, rows[0], 'v')!;
    event.sessions = rows.flatMap((row) => {
      const session = this.prepared.entity(EventSession, row, 's');
      return session ? [Object.assign(session, { room: this.prepared.entity(Room, row, 'r')! })] : [];
    });
    return event;
  }
}
