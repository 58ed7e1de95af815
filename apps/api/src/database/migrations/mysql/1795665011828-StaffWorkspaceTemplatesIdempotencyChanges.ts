import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffWorkspaceTemplatesIdempotencyChanges1795665011828 implements MigrationInterface {
  name = 'StaffWorkspaceTemplatesIdempotencyChanges1795665011828';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `idempotency_keys` (`id` varchar(36) NOT NULL, `scope` varchar(80) NOT NULL, `key_hash` varchar(64) NOT NULL, `fingerprint` varchar(64) NOT NULL, `state` varchar(8) NOT NULL, `status_code` int NULL, `response` text NULL, `created_at` datetime(3) NOT NULL, `expires_at` datetime(3) NOT NULL, INDEX `ix_idempotency_keys_expires` (`expires_at`), UNIQUE INDEX `uq_idempotency_keys_scope_key` (`scope`, `key_hash`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `request_changes` (`id` varchar(36) NOT NULL, `request_id` varchar(36) NOT NULL, `task_id` varchar(36) NOT NULL, `note` text NOT NULL, `staff_id` varchar(36) NOT NULL, `previous_text` text NULL, `previous_decision` varchar(16) NULL, `previous_submitted_at` datetime(3) NULL, `created_at` datetime(3) NOT NULL, INDEX `ix_request_changes_request` (`request_id`, `created_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `task_templates` (`id` varchar(36) NOT NULL, `name` varchar(120) NOT NULL, `title` varchar(200) NOT NULL, `description` text NULL, `requests` text NOT NULL, `due_in_days` int NULL, `statutory` tinyint NOT NULL DEFAULT 0, `uses` int NOT NULL DEFAULT '0', `created_by_staff_id` varchar(36) NULL, `created_at` datetime(3) NOT NULL, `updated_at` datetime(3) NOT NULL, `archived_at` datetime(3) NULL, UNIQUE INDEX `uq_task_templates_name` (`name`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `task_requests` ADD `change_note` text NULL");
    await queryRunner.query("ALTER TABLE `request_changes` ADD CONSTRAINT `fk_request_changes_request` FOREIGN KEY (`request_id`) REFERENCES `task_requests`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `request_changes` DROP FOREIGN KEY `fk_request_changes_request`");
    await queryRunner.query("ALTER TABLE `task_requests` DROP COLUMN `change_note`");
    await queryRunner.query("DROP INDEX `uq_task_templates_name` ON `task_templates`");
    await queryRunner.query("DROP TABLE `task_templates`");
    await queryRunner.query("DROP INDEX `ix_request_changes_request` ON `request_changes`");
    await queryRunner.query("DROP TABLE `request_changes`");
    await queryRunner.query("DROP INDEX `uq_idempotency_keys_scope_key` ON `idempotency_keys`");
    await queryRunner.query("DROP INDEX `ix_idempotency_keys_expires` ON `idempotency_keys`");
    await queryRunner.query("DROP TABLE `idempotency_keys`");
  }
}
