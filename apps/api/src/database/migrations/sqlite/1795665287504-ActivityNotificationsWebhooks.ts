import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ActivityNotificationsWebhooks1795665287504 implements MigrationInterface {
  name = 'ActivityNotificationsWebhooks1795665287504';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"activity_events\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"type\" varchar(48) NOT NULL, \"actor_type\" varchar(16) NOT NULL, \"actor_id\" varchar(36), \"client_id\" varchar(36) NOT NULL, \"task_id\" varchar(36), \"dispatch_id\" varchar(36), \"subject_id\" varchar(36), \"detail\" text, \"created_at\" datetime(3) NOT NULL, \"notified_at\" datetime(3), \"fanned_out_at\" datetime(3))");
    await queryRunner.query("CREATE INDEX \"ix_activity_events_fan_out\" ON \"activity_events\" (\"fanned_out_at\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_activity_events_notify\" ON \"activity_events\" (\"notified_at\", \"created_at\") ");
    await queryRunner.query("CREATE TABLE \"staff_notices\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"recipient\" varchar(320) NOT NULL, \"staff_id\" varchar(36), \"event_id\" varchar(36) NOT NULL, \"event_type\" varchar(48) NOT NULL, \"client_id\" varchar(36) NOT NULL, \"task_id\" varchar(36) NOT NULL, \"created_at\" datetime(3) NOT NULL, \"mailed_at\" datetime(3))");
    await queryRunner.query("CREATE INDEX \"ix_staff_notices_pending\" ON \"staff_notices\" (\"mailed_at\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_staff_notices_recipient\" ON \"staff_notices\" (\"recipient\", \"mailed_at\", \"created_at\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_staff_notices_event\" ON \"staff_notices\" (\"event_id\", \"task_id\", \"recipient\") ");
    await queryRunner.query("CREATE TABLE \"staff_notification_settings\" (\"staff_id\" varchar(36) PRIMARY KEY NOT NULL, \"mode\" varchar(16) NOT NULL, \"updated_at\" datetime(3) NOT NULL)");
    await queryRunner.query("CREATE TABLE \"webhook_deliveries\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"endpoint_id\" varchar(36) NOT NULL, \"event_id\" varchar(36) NOT NULL, \"event_type\" varchar(48) NOT NULL, \"payload\" text NOT NULL, \"status\" varchar(16) NOT NULL, \"attempts\" integer NOT NULL, \"next_attempt_at\" datetime(3) NOT NULL, \"locked_until\" datetime(3), \"locked_by\" varchar(64), \"last_error\" varchar(500), \"last_status_code\" integer, \"created_at\" datetime(3) NOT NULL, \"delivered_at\" datetime(3))");
    await queryRunner.query("CREATE INDEX \"ix_webhook_deliveries_endpoint\" ON \"webhook_deliveries\" (\"endpoint_id\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_webhook_deliveries_pending\" ON \"webhook_deliveries\" (\"status\", \"next_attempt_at\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_webhook_deliveries_endpoint_event\" ON \"webhook_deliveries\" (\"endpoint_id\", \"event_id\") ");
    await queryRunner.query("CREATE TABLE \"webhook_endpoints\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"url\" varchar(2048) NOT NULL, \"events\" varchar(500) NOT NULL, \"sealed_secret\" text NOT NULL, \"active\" boolean NOT NULL, \"description\" varchar(200), \"created_by\" varchar(36), \"created_at\" datetime(3) NOT NULL, \"updated_at\" datetime(3) NOT NULL)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"webhook_endpoints\"");
    await queryRunner.query("DROP INDEX \"uq_webhook_deliveries_endpoint_event\"");
    await queryRunner.query("DROP INDEX \"ix_webhook_deliveries_pending\"");
    await queryRunner.query("DROP INDEX \"ix_webhook_deliveries_endpoint\"");
    await queryRunner.query("DROP TABLE \"webhook_deliveries\"");
    await queryRunner.query("DROP TABLE \"staff_notification_settings\"");
    await queryRunner.query("DROP INDEX \"uq_staff_notices_event\"");
    await queryRunner.query("DROP INDEX \"ix_staff_notices_recipient\"");
    await queryRunner.query("DROP INDEX \"ix_staff_notices_pending\"");
    await queryRunner.query("DROP TABLE \"staff_notices\"");
    await queryRunner.query("DROP INDEX \"ix_activity_events_notify\"");
    await queryRunner.query("DROP INDEX \"ix_activity_events_fan_out\"");
    await queryRunner.query("DROP TABLE \"activity_events\"");
  }
}
