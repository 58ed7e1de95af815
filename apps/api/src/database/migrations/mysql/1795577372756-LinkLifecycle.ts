import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LinkLifecycle1795577372756 implements MigrationInterface {
  name = 'LinkLifecycle1795577372756';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `job_leases` (`name` varchar(64) NOT NULL, `last_slot` bigint NOT NULL, `holder` varchar(64) NULL, `claimed_at` datetime NULL, PRIMARY KEY (`name`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE INDEX `ix_audit_events_type_ip` ON `audit_events` (`type`, `ip`, `created_at`)");
    await queryRunner.query("CREATE INDEX `ix_links_kind_client` ON `links` (`kind`, `client_id`, `created_at`)");
    await queryRunner.query("CREATE INDEX `ix_sessions_expires` ON `sessions` (`expires_at`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `ix_sessions_expires` ON `sessions`");
    await queryRunner.query("DROP INDEX `ix_links_kind_client` ON `links`");
    await queryRunner.query("DROP INDEX `ix_audit_events_type_ip` ON `audit_events`");
    await queryRunner.query("DROP TABLE `job_leases`");
  }
}
