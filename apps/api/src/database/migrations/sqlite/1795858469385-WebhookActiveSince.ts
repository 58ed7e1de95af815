import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: webhook endpoints remember since when they are active (`active_since`), so the fan-out
 * need not read and mark every activity event while no endpoint listens. An endpoint active now
 * has heard every event since it was created: its time starts there.
 */
export class WebhookActiveSince1795858469385 implements MigrationInterface {
  name = 'WebhookActiveSince1795858469385';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"temporary_webhook_endpoints\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"url\" varchar(2048) NOT NULL, \"events\" varchar(500) NOT NULL, \"sealed_secret\" text NOT NULL, \"active\" boolean NOT NULL, \"description\" varchar(200), \"created_by\" varchar(36), \"created_at\" datetime(3) NOT NULL, \"updated_at\" datetime(3) NOT NULL, \"active_since\" datetime(3))");
    await queryRunner.query("INSERT INTO \"temporary_webhook_endpoints\"(\"id\", \"url\", \"events\", \"sealed_secret\", \"active\", \"description\", \"created_by\", \"created_at\", \"updated_at\") SELECT \"id\", \"url\", \"events\", \"sealed_secret\", \"active\", \"description\", \"created_by\", \"created_at\", \"updated_at\" FROM \"webhook_endpoints\"");
    await queryRunner.query("DROP TABLE \"webhook_endpoints\"");
    await queryRunner.query("ALTER TABLE \"temporary_webhook_endpoints\" RENAME TO \"webhook_endpoints\"");
    await queryRunner.query("UPDATE \"webhook_endpoints\" SET \"active_since\" = \"created_at\" WHERE \"active\" = 1");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"webhook_endpoints\" RENAME TO \"temporary_webhook_endpoints\"");
    await queryRunner.query("CREATE TABLE \"webhook_endpoints\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"url\" varchar(2048) NOT NULL, \"events\" varchar(500) NOT NULL, \"sealed_secret\" text NOT NULL, \"active\" boolean NOT NULL, \"description\" varchar(200), \"created_by\" varchar(36), \"created_at\" datetime(3) NOT NULL, \"updated_at\" datetime(3) NOT NULL)");
    await queryRunner.query("INSERT INTO \"webhook_endpoints\"(\"id\", \"url\", \"events\", \"sealed_secret\", \"active\", \"description\", \"created_by\", \"created_at\", \"updated_at\") SELECT \"id\", \"url\", \"events\", \"sealed_secret\", \"active\", \"description\", \"created_by\", \"created_at\", \"updated_at\" FROM \"temporary_webhook_endpoints\"");
    await queryRunner.query("DROP TABLE \"temporary_webhook_endpoints\"");
  }
}
