import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';

export const ROLES = ['admin', 'manager', 'creator'] as const;
export type Role = (typeof ROLES)[number];

@Entity('users')
export class User extends BaseEntity {
  @Column({ name: 'name', type: 'varchar', length: 120 })
  name: string;

  /** Always stored lower-cased. */
  @Column({ name: 'email', type: 'varchar', length: 254, unique: true })
  email: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ name: 'role', type: 'varchar', length: 16 })
  role: Role;

  @Column({ name: 'locale', type: 'varchar', length: 2, nullable: true })
  locale: 'id' | 'en' | null;
}
