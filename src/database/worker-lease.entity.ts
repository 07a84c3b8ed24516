import { Column, Entity, PrimaryColumn } from 'typeorm';
import { dateTimeType } from './column-types.js';

/**
 * A named job that one app instance at a time runs (the no-show release): claimed with one conditional UPDATE while it
 * has expired or is the claimant's own; `doneUntil` is how far the job has got, so a restart picks up from there.
 */
@Entity('worker_leases')
export class WorkerLease {
  @PrimaryColumn({ name: 'name', type: 'varchar', length: 64 })
  name: string;

  @Column({ name: 'holder', type: 'varchar', length: 64, nullable: true })
  holder: string | null;

  @Column({ name: 'expires_at', type: dateTimeType() })
  expiresAt: Date;

  @Column({ name: 'done_until', type: dateTimeType() })
  doneUntil: Date;
}
