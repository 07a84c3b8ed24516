import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** An optional cover image for events (an https address; the page's CSP allows https images). */
export class EventCover1764400000000 implements MigrationInterface {
  name = 'EventCover1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('events', new TableColumn({ name: 'cover_image_url', type: 'varchar', length: '500', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('events', 'cover_image_url');
  }
}
