import { Entity, PrimaryColumn } from 'typeorm';

@Entity('venue_managers')
export class VenueManager {
  @PrimaryColumn({ name: 'venue_id', type: 'integer' })
  venueId: number;

  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId: number;
}
