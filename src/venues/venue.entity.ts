import { Column, Entity, OneToMany, type Relation } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';
import type { Room } from '../rooms/room.entity.js';
import type { Closure } from './closure.entity.js';
import type { OpeningHour } from './opening-hour.entity.js';

export const VENUE_TIMEZONES = ['Asia/Jakarta', 'Asia/Pontianak', 'Asia/Makassar', 'Asia/Jayapura'] as const;
export type VenueTimezone = (typeof VENUE_TIMEZONES)[number];

@Entity('venues')
export class Venue extends BaseEntity {
  @Column({ name: 'code', type: 'varchar', length: 32, unique: true })
  code: string;

  @Column({ name: 'name', type: 'varchar', length: 160 })
  name: string;

  @Column({ name: 'address', type: 'varchar', length: 255 })
  address: string;

  @Column({ name: 'city', type: 'varchar', length: 80 })
  city: string;

  @Column({ name: 'province', type: 'varchar', length: 80 })
  province: string;

  @Column({ name: 'timezone', type: 'varchar', length: 32 })
  timezone: VenueTimezone;

  @Column({ name: 'phone', type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  @Column({ name: 'email', type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ name: 'description', type: 'text', default: '' })
  description: string;

  @Column({ name: 'latitude', type: 'double precision', nullable: true })
  latitude: number | null;

  @Column({ name: 'longitude', type: 'double precision', nullable: true })
  longitude: number | null;

  @Column({ name: 'active', type: 'boolean', default: true })
  active: boolean;

  /** Fair use: this many no-shows within `noShowWindowDays` mean the creator's next bookings here need approval. */
  @Column({ name: 'no_show_limit', type: 'integer', default: 3 })
  noShowLimit: number;

  @Column({ name: 'no_show_window_days', type: 'integer', default: 30 })
  noShowWindowDays: number;

  /** How long, from the no-show that reached the limit, the creator's bookings here need approval. */
  @Column({ name: 'no_show_approval_days', type: 'integer', default: 30 })
  noShowApprovalDays: number;

  @OneToMany('Room', 'venue')
  rooms: Relation<Room[]>;

  @OneToMany('OpeningHour', 'venue')
  openingHours: Relation<OpeningHour[]>;

  @OneToMany('Closure', 'venue')
  closures: Relation<Closure[]>;
}
