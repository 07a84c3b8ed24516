import { Column, Entity, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';
import type { Venue } from '../venues/venue.entity.js';

export const ROOM_KINDS = ['live_stream_studio', 'podcast_room', 'photo_studio', 'workshop_room', 'meeting_room', 'conference_hall', 'co_working'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

/** Kinds whose rooms need a check-in by default (a studio booked and unused is a studio another creator could have had). */
export const CHECK_IN_KINDS: readonly RoomKind[] = ['live_stream_studio', 'podcast_room', 'photo_studio'];
export const DEFAULT_CHECK_IN_MINUTES = 15;

export const AMENITIES = [
  'ring_light', 'green_screen', 'phone_tripod', 'sound_card', 'lavalier_mic', 'microphone', 'mixer',
  'acoustic_panels', 'camera', 'light_box', 'softbox', 'backdrop', 'projector', 'whiteboard', 'sound_system',
  'screen', 'video_conference', 'stage', 'livestream_kit', 'wifi', 'desks', 'lockers', 'air_conditioning',
] as const;
export type Amenity = (typeof AMENITIES)[number];

@Entity('rooms')
export class Room extends BaseEntity {
  @Column({ name: 'venue_id', type: 'integer' })
  venueId: number;

  @ManyToOne('Venue', 'rooms', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'venue_id' })
  venue: Relation<Venue>;

  @Column({ name: 'name', type: 'varchar', length: 120 })
  name: string;

  @Column({ name: 'kind', type: 'varchar', length: 32 })
  kind: RoomKind;

  @Column({ name: 'capacity', type: 'integer' })
  capacity: number;

  /** Amenity codes, stored as a JSON array; filtered with a LIKE on the quoted code. */
  @Column({ name: 'amenities', type: 'simple-json' })
  amenities: Amenity[];

  @Column({ name: 'photos', type: 'simple-json' })
  photos: string[];

  @Column({ name: 'description', type: 'text', default: '' })
  description: string;

  @Column({ name: 'slot_minutes', type: 'integer', default: 30 })
  slotMinutes: number;

  @Column({ name: 'min_minutes', type: 'integer', default: 60 })
  minMinutes: number;

  @Column({ name: 'max_minutes', type: 'integer', default: 240 })
  maxMinutes: number;

  @Column({ name: 'buffer_minutes', type: 'integer', default: 0 })
  bufferMinutes: number;

  @Column({ name: 'horizon_days', type: 'integer', default: 60 })
  horizonDays: number;

  @Column({ name: 'requires_approval', type: 'boolean', default: false })
  requiresApproval: boolean;

  @Column({ name: 'max_hours_per_week', type: 'integer', nullable: true })
  maxHoursPerWeek: number | null;

  @Column({ name: 'max_future_reservations', type: 'integer', nullable: true })
  maxFutureReservations: number | null;

  /** Check-in needed within this many minutes of the start, or the booking is released (no-show); null: no check-in. */
  @Column({ name: 'check_in_minutes', type: 'integer', nullable: true })
  checkInMinutes: number | null;

  @Column({ name: 'active', type: 'boolean', default: true })
  active: boolean;
}
