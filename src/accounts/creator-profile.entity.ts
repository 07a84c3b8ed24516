import { Column, Entity, JoinColumn, OneToOne, type Relation } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';
import { dateTimeType } from '../database/column-types.js';
import { User } from './user.entity.js';

export const SECTORS = ['kuliner', 'fesyen', 'kriya', 'kosmetik', 'agro', 'jasa_kreatif', 'lainnya'] as const;
export type Sector = (typeof SECTORS)[number];
export const SCALES = ['mikro', 'kecil', 'menengah'] as const;
export type BusinessScale = (typeof SCALES)[number];

export interface ProfileLink { kind: 'shop' | 'social' | 'website'; url: string }

/** The business behind a creator account: asked once, editable, skippable; counted in reports only with consent. */
@Entity('creator_profiles')
export class CreatorProfile extends BaseEntity {
  @Column({ name: 'user_id', type: 'integer', unique: true })
  userId: number;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  @Column({ name: 'business_name', type: 'varchar', length: 120, nullable: true })
  businessName: string | null;

  @Column({ name: 'sector', type: 'varchar', length: 32, nullable: true })
  sector: Sector | null;

  @Column({ name: 'scale', type: 'varchar', length: 16, nullable: true })
  scale: BusinessScale | null;

  @Column({ name: 'province', type: 'varchar', length: 80, nullable: true })
  province: string | null;

  @Column({ name: 'city', type: 'varchar', length: 80, nullable: true })
  city: string | null;

  /** Nomor Induk Berusaha: 13 digits. */
  @Column({ name: 'nib', type: 'varchar', length: 13, nullable: true })
  nib: string | null;

  @Column({ name: 'links', type: 'simple-json', default: '[]' })
  links: ProfileLink[];

  @Column({ name: 'report_consent', type: 'boolean', default: false })
  reportConsent: boolean;

  @Column({ name: 'completed_at', type: dateTimeType(), nullable: true })
  completedAt: Date | null;

  /** Set when the creator chose "later": they are reminded, not asked again at every booking. */
  @Column({ name: 'skipped_at', type: dateTimeType(), nullable: true })
  skippedAt: Date | null;
}
