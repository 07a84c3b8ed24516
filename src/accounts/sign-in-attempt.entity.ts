import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { dateTimeType } from '../database/column-types.js';

@Entity('sign_in_attempts')
export class SignInAttempt {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  @Column({ name: 'email', type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'ip', type: 'varchar', length: 64 })
  ip: string;

  @Column({ name: 'succeeded', type: 'boolean' })
  succeeded: boolean;

  @Column({ name: 'created_at', type: dateTimeType() })
  createdAt: Date;
}
