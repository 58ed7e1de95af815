import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BoundAccessLinks1795652845334 implements MigrationInterface {
  name = 'BoundAccessLinks1795652845334';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `links` ADD `bound_to_hash` varchar(64) NULL");
    await queryRunner.query("ALTER TABLE `links` ADD `code_hash` varchar(64) NULL");
    await queryRunner.query("ALTER TABLE `links` ADD `code_expires_at` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `links` ADD `code_attempts` int NOT NULL DEFAULT '0'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `links` DROP COLUMN `code_attempts`");
    await queryRunner.query("ALTER TABLE `links` DROP COLUMN `code_expires_at`");
    await queryRunner.query("ALTER TABLE `links` DROP COLUMN `code_hash`");
    await queryRunner.query("ALTER TABLE `links` DROP COLUMN `bound_to_hash`");
  }
}
