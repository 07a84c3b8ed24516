import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { User } from '../accounts/user.entity.js';
import { ValidationError } from '../common/errors.js';
import { isPublicEventType, PUBLIC_EVENT_TYPES } from '../domain-events/event-types.js';
import { visibleToUser } from './visibility.js';
import { decodeCursor, encodeCursor, START, type StreamPosition } from './cursor.js';
import { positionOf, streamAfter } from './stream-read.js';
import { instant } from '../database/sql-time.js';

export interface Change {
  id: string;
  type: string;
  timestamp: string;
  venueId: number | null;
  eventId: number | null;
  data: unknown;
}

export interface ChangesPage { data: Change[]; next: string; hasMore: boolean }

interface Row { id: number; uid: string; type: string; occurred_at: Date | string; venue_id: number | null; event_id: number | null; payload: string; tx: string | number }

/** SQLite hands datetime columns back as UTC text ("2026-12-01 03:00:00.000"); PostgreSQL as a Date. */

/**
 * The changes feed: the public domain events a caller may see, in stream order, a page at a time (read with
 * `streamAfter`, which on PostgreSQL never passes a row a slower transaction has yet to commit).
 */
@Injectable()
export class ChangesService {
  constructor(private readonly db: DataSource) {}

  /**
   * One page after `after`: admins see every event; others those of venues they manage, of events they organise, and
   * those about themselves.
   */
  async page(user: User, query: { after?: string; limit?: number; types?: string }): Promise<ChangesPage> {
    const from = this.position(query.after);
    const types = this.types(query.types);
    const limit = query.limit ?? 100;
    const q = streamAfter(this.db, ['d.id AS id', 'd.uid AS uid', 'd.type AS type', 'd.occurred_at AS occurred_at', 'd.venue_id AS venue_id',
      'd.event_id AS event_id', 'd.payload AS payload', 'd.tx AS tx'], from)
      .andWhere('d.type IN (:...types)', { types })
      .limit(limit + 1);
    if (user.role !== 'admin') {
      q.andWhere(visibleToUser('d', ':user'), { user: user.id });
    }
    const rows = await q.getRawMany<Row>();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      data: page.map((r) => ({
        id: r.uid, type: r.type, timestamp: instant(r.occurred_at).toISOString(), venueId: r.venue_id === null ? null : Number(r.venue_id),
        eventId: r.event_id === null ? null : Number(r.event_id), data: JSON.parse(r.payload) as unknown,
      })),
      next: encodeCursor(last ? positionOf(last) : from),
      hasMore: rows.length > limit,
    };
  }

  private position(after: string | undefined): StreamPosition {
    if (after === undefined) return START;
    const position = decodeCursor(after);
    if (!position) throw new ValidationError([{ field: 'after', code: 'changes_cursor' }]);
    return position;
  }

  private types(list: string | undefined): string[] {
    if (list === undefined) return [...PUBLIC_EVENT_TYPES];
    const asked = [...new Set(list.split(',').map((t) => t.trim()).filter(Boolean))];
    const unknown = asked.filter((t) => !isPublicEventType(t));
    if (unknown.length || !asked.length) {
      throw new ValidationError([{ field: 'types', code: 'changes_types', params: { types: unknown.join(', ').slice(0, 200) || '—' } }]);
    }
    return asked;
  }
}
