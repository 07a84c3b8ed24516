import { Column, Entity, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';
import type { Venue } from './venue.entity.js';

export const CLOSURE_KINDS = ['holiday', 'collective_leave', 'maintenance', 'other'] as const;
export type ClosureKind = (typeof CLOSURE_KINDS)[number];

/** Whole local days on which a venue is closed, inclusive of both ends. */
@Entity('venue_closures')
export class Closure extends BaseEntity {
  @Column({ name: 'venue_id', type: 'integer' })
  venueId: number;

  @ManyToOne('Venue', 'closures', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'venue_id' })
  venue: Relation<Venue>;

  @Column({ name: 'start_date', type: 'varchar', length: 10 })
  startDate: string;

  @Column({ name: 'end_date', type: 'varchar', length: 10 })
  endDate: string;

  @Column({ name: 'reason', type: 'varchar', length: 200 })
  reason: string;

  @Column({ name: 'kind', type: 'varchar', length: 20 })
  kind: ClosureKind;

  /** Holidays of years without a ministerial decree yet. */
  @Column({ name: 'estimated', type: 'boolean', default: false })
  estimated: boolean;
}
