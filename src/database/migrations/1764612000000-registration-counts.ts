import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { isPostgres } from './portable.js';

const STATUS_COUNTS = `
  confirmed_count = (SELECT COUNT(*) FROM registrations r WHERE r.event_id = events.id AND r.status = 'confirmed'),
  waitlisted_count = (SELECT COUNT(*) FROM registrations r WHERE r.event_id = events.id AND r.status = 'waitlisted')`;

/**
 * Confirmed and waitlisted counts on the event row, kept by triggers whatever code changes a registration, so a
 * registration decides its seat and its waiting-list position in the one statement that locks the event row
 * (no count over the registrations while holding it).
 */
export class RegistrationCounts1764612000000 implements MigrationInterface {
  name = 'RegistrationCounts1764612000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('events', new TableColumn({ name: 'confirmed_count', type: 'integer', default: 0 }));
    await q.addColumn('events', new TableColumn({ name: 'waitlisted_count', type: 'integer', default: 0 }));
    await q.query(`UPDATE events SET ${STATUS_COUNTS}`);
    if (isPostgres(q)) {
      await q.query(`CREATE FUNCTION registrations_count() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'UPDATE' AND OLD.status = NEW.status THEN RETURN NULL; END IF;
          IF TG_OP <> 'INSERT' THEN
            UPDATE events SET confirmed_count = confirmed_count - (OLD.status = 'confirmed')::int,
              waitlisted_count = waitlisted_count - (OLD.status = 'waitlisted')::int WHERE id = OLD.event_id;
          END IF;
          IF TG_OP <> 'DELETE' THEN
            UPDATE events SET confirmed_count = confirmed_count + (NEW.status = 'confirmed')::int,
              waitlisted_count = waitlisted_count + (NEW.status = 'waitlisted')::int WHERE id = NEW.event_id;
          END IF;
          RETURN NULL;
        END $$`);
      await q.query('CREATE TRIGGER registrations_count AFTER INSERT OR DELETE OR UPDATE OF status ON registrations FOR EACH ROW EXECUTE FUNCTION registrations_count()');
      return;
    }
    const plus = (row: string, sign: string) => `UPDATE events SET confirmed_count = confirmed_count ${sign} (${row}.status = 'confirmed'),
      waitlisted_count = waitlisted_count ${sign} (${row}.status = 'waitlisted') WHERE id = ${row}.event_id;`;
    await q.query(`CREATE TRIGGER registrations_count_insert AFTER INSERT ON registrations BEGIN ${plus('NEW', '+')} END`);
    await q.query(`CREATE TRIGGER registrations_count_delete AFTER DELETE ON registrations BEGIN ${plus('OLD', '-')} END`);
    await q.query(`CREATE TRIGGER registrations_count_update AFTER UPDATE OF status ON registrations WHEN OLD.status <> NEW.status
      BEGIN ${plus('OLD', '-')} ${plus('NEW', '+')} END`);
  }

  async down(q: QueryRunner): Promise<void> {
    if (isPostgres(q)) {
      await q.query('DROP TRIGGER registrations_count ON registrations');
      await q.query('DROP FUNCTION registrations_count()');
    } else {
      for (const t of ['insert', 'delete', 'update']) await q.query(`DROP TRIGGER registrations_count_${t}`);
    }
    await q.dropColumn('events', 'waitlisted_count');
    await q.dropColumn('events', 'confirmed_count');
  }
}
