import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuthAttemptClaims1795631270048 implements MigrationInterface {
  name = 'AuthAttemptClaims1795631270048';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `auth_attempts` (`scope` varchar(16) NOT NULL, `key_hash` varchar(64) NOT NULL, `slot` int NOT NULL, `claim_id` varchar(36) NOT NULL, `claimed_at` datetime(3) NOT NULL, INDEX `ix_auth_attempts_claimed` (`claimed_at`), PRIMARY KEY (`scope`, `key_hash`, `slot`)) ENGINE=InnoDB");
    // Failures counted after the check are replaced by attempts claimed before it (a few
    // minutes of counts are lost once, by design).
    await queryRunner.query("DROP INDEX `ix_auth_failures_key` ON `auth_failures`");
    await queryRunner.query("DROP INDEX `ix_auth_failures_created` ON `auth_failures`");
    await queryRunner.query("DROP TABLE `auth_failures`");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `auth_failures` (`id` varchar(36) NOT NULL, `scope` varchar(16) NOT NULL, `key_hash` varchar(64) NOT NULL, `created_at` datetime(3) NOT NULL, INDEX `ix_auth_failures_created` (`created_at`), INDEX `ix_auth_failures_key` (`scope`, `key_hash`, `created_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("DROP INDEX `ix_auth_attempts_claimed` ON `auth_attempts`");
    await queryRunner.query("DROP TABLE `auth_attempts`");
  }
}
