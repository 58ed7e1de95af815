import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LinkRevokeReason1795577842079 implements MigrationInterface {
  name = 'LinkRevokeReason1795577842079';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `links` ADD `revoke_reason` varchar(16) NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `links` DROP COLUMN `revoke_reason`");
  }
}
