import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { Venue } from './venue.entity.js';

/** One open range on one weekday (ISO: 1 = Monday … 7 = Sunday), local wall-clock "HH:mm". */
@Entity('venue_opening_hours')
export class OpeningHour {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  @Column({ name: 'venue_id', type: 'integer' })
  venueId: number;

  @ManyToOne('Venue', 'openingHours', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'venue_id' })
  venue: Relation<Venue>;

  @Column({ name: 'weekday', type: 'integer' })
  weekday: number;

  @Column({ name: 'opens', type: 'varchar', length: 5 })
  opens: string;

  @Column({ name: 'closes', type: 'varchar', length: 5 })
  closes: string;
}
