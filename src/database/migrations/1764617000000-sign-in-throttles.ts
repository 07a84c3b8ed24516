import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { instant } from './portable.js';

/**
 * Sign-in counters per (account, address), known device, account and address, with growing waits; they replace
 * the fixed 15-minute lock counted from `sign_in_attempts` (which stays as the record of attempts).
 */
export class SignInThrottles1764617000000 implements MigrationInterface {
  name = 'SignInThrottles1764617000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'sign_in_throttles',
      columns: [
        { name: 'subject', type: 'varchar', length: '80', isPrimary: true },
        { name: 'attempts', type: 'integer' },
        instant(q, 'blocked_until', { isNullable: true }),
        instant(q, 'last_attempt_at'),
      ],
      indices: [{ columnNames: ['last_attempt_at'] }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('sign_in_throttles');
  }
}
