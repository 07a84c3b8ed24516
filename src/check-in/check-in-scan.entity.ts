import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { dateTimeType } from '../database/column-types.js';

export const SCAN_RESULTS = ['checked_in', 'already_checked_in', 'cancelled', 'waitlisted', 'unknown', 'refused'] as const;
export type ScanResult = (typeof SCAN_RESULTS)[number];

/**
 * One scan made at a door device, offline or not, as the device sent it. `scanId` is made on the device
 * (crypto.randomUUID) and unique: a batch sent twice is answered from these rows and changes nothing.
 */
@Entity('check_in_scans')
export class CheckInScan {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  @Column({ name: 'scan_id', type: 'varchar', length: 36, unique: true })
  scanId: string;

  @Column({ name: 'event_id', type: 'integer' })
  eventId: number;

  @Column({ name: 'registration_id', type: 'integer', nullable: true })
  registrationId: number | null;

  @Column({ name: 'code', type: 'varchar', length: 64 })
  code: string;

  /** The device's door name ("Pintu 1"). */
  @Column({ name: 'device', type: 'varchar', length: 40 })
  device: string;

  /** The door staff member signed in on the device when it synced. */
  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ name: 'scanned_at', type: dateTimeType() })
  scannedAt: Date;

  @Column({ name: 'received_at', type: dateTimeType() })
  receivedAt: Date;

  /** What the server made of it when it first arrived; `cancelled` is a conflict the organiser sees. */
  @Column({ name: 'result', type: 'varchar', length: 24 })
  result: ScanResult;
}
