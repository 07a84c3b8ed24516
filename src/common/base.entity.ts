import { CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { dateTimeType } from '../database/column-types.js';

export abstract class BaseEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  @CreateDateColumn({ name: 'created_at', type: dateTimeType() })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: dateTimeType() })
  updatedAt: Date;
}
