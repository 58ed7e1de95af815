import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: each consumer's index of activity events names the id after the creation time, the
 * order its batches are read in (created_at, then id). SQLite keeps a rowid, not the id, in an
 * index, and sorted every batch's ties by id; InnoDB already kept the id in it, so there only
 * the definition changes (one ALTER for both indexes: never a moment without them).
 */
export class ActivityIndexesInBatchOrder1795869108768 implements MigrationInterface {
  name = 'ActivityIndexesInBatchOrder1795869108768';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_activity_events_notify\"");
    await queryRunner.query("DROP INDEX \"ix_activity_events_fan_out\"");
    await queryRunner.query("CREATE INDEX \"ix_activity_events_fan_out\" ON \"activity_events\" (\"fanned_out_at\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"ix_activity_events_notify\" ON \"activity_events\" (\"notified_at\", \"created_at\", \"id\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_activity_events_notify\"");
    await queryRunner.query("DROP INDEX \"ix_activity_events_fan_out\"");
    await queryRunner.query("CREATE INDEX \"ix_activity_events_fan_out\" ON \"activity_events\" (\"fanned_out_at\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_activity_events_notify\" ON \"activity_events\" (\"notified_at\", \"created_at\") ");
  }
}
