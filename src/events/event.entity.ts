import { Column, Entity, JoinColumn, ManyToOne, OneToMany, type Relation } from 'typeorm';
import type { User } from '../accounts/user.entity.js';
import { BaseEntity } from '../common/base.entity.js';
import { dateTimeType } from '../database/column-types.js';
import type { Venue } from '../venues/venue.entity.js';
import type { EventSession } from './event-session.entity.js';

export const EVENT_KINDS = ['workshop', 'conference', 'meetup', 'live_selling'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_STATUSES = ['draft', 'published', 'cancelled', 'completed'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** A workshop, conference, meetup or live-selling session at one venue (named EventRecord: `Event` is the DOM's). */
@Entity('events')
export class EventRecord extends BaseEntity {
  @Column({ name: 'organiser_id', type: 'integer' })
  organiserId: number;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organiser_id' })
  organiser: Relation<User>;

  @Column({ name: 'venue_id', type: 'integer' })
  venueId: number;

  @ManyToOne('Venue', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'venue_id' })
  venue: Relation<Venue>;

  /** Kept by the registration triggers (migration 1764612000000), never written by TypeORM; mapped so generated migrations keep them. */
  @Column({ name: 'confirmed_count', type: 'integer', default: 0, insert: false, update: false, select: false })
  confirmedCount?: number;

  @Column({ name: 'waitlisted_count', type: 'integer', default: 0, insert: false, update: false, select: false })
  waitlistedCount?: number;

  @Column({ name: 'kind', type: 'varchar', length: 20 })
  kind: EventKind;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status: EventStatus;

  @Column({ name: 'title', type: 'varchar', length: 160 })
  title: string;

  @Column({ name: 'summary', type: 'varchar', length: 300, default: '' })
  summary: string;

  /** Markdown; rendered to sanitised HTML on the page. */
  @Column({ name: 'description', type: 'text', default: '' })
  description: string;

  @Column({ name: 'tags', type: 'simple-json' })
  tags: string[];

  @Column({ name: 'language', type: 'varchar', length: 2 })
  language: 'id' | 'en';

  @Column({ name: 'capacity', type: 'integer' })
  capacity: number;

  @Column({ name: 'registration_opens_at', type: dateTimeType(), nullable: true })
  registrationOpensAt: Date | null;

  @Column({ name: 'registration_closes_at', type: dateTimeType(), nullable: true })
  registrationClosesAt: Date | null;

  @Column({ name: 'starts_at', type: dateTimeType() })
  startsAt: Date;

  @Column({ name: 'ends_at', type: dateTimeType() })
  endsAt: Date;

  /** Registrations ever made: each new one takes the next number, so the waiting list keeps arrival order. */
  @Column({ name: 'arrivals', type: 'integer', default: 0 })
  arrivals: number;

  @Column({ name: 'sequence', type: 'integer', default: 0 })
  sequence: number;

  @Column({ name: 'cancel_reason', type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null;

  @Column({ name: 'cover_image_url', type: 'varchar', length: 500, nullable: true })
  coverImageUrl: string | null;

  @OneToMany('EventSession', 'event')
  sessions: Relation<EventSession[]>;
}
