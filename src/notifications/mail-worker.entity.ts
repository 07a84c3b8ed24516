import { Column, Entity, PrimaryColumn } from 'typeorm';
import { dateTimeType } from '../database/column-types.js';

/**
 * One running mail worker (one per app process; a restart is a new worker). Its heartbeat says it is alive: the claims
 * of a worker whose heartbeat has stopped may be taken over by another one.
 */
@Entity('mail_workers')
export class MailWorkerRecord {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id: string;

  /** Host name and process id, for people reading the table. */
  @Column({ name: 'host', type: 'varchar', length: 255 })
  host: string;

  @Column({ name: 'started_at', type: dateTimeType() })
  startedAt: Date;

  @Column({ name: 'heartbeat_at', type: dateTimeType() })
  heartbeatAt: Date;
}
