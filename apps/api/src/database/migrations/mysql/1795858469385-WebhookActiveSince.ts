import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: webhook endpoints remember since when they are active (`active_since`), so the fan-out
 * need not read and mark every activity event while no endpoint listens. An endpoint active now
 * has heard every event since it was created: its time starts there.
 */
export class WebhookActiveSince1795858469385 implements MigrationInterface {
  name = 'WebhookActiveSince1795858469385';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `webhook_endpoints` ADD `active_since` datetime(3) NULL");
    await queryRunner.query("UPDATE `webhook_endpoints` SET `active_since` = `created_at` WHERE `active` = 1");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `webhook_endpoints` DROP COLUMN `active_since`");
  }
}
