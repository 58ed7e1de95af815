import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TasksDocumentsMessages1795578116342 implements MigrationInterface {
  name = 'TasksDocumentsMessages1795578116342';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `task_documents` (`id` varchar(36) NOT NULL, `task_id` varchar(36) NOT NULL, `request_id` varchar(36) NULL, `storage_key` varchar(80) NOT NULL, `filename` varchar(255) NOT NULL, `content_type` varchar(127) NOT NULL, `size` bigint NOT NULL, `sha256` varchar(64) NOT NULL, `uploaded_by_type` varchar(16) NOT NULL, `uploaded_by_id` varchar(36) NOT NULL, `device_id` varchar(36) NULL, `created_at` datetime NOT NULL, UNIQUE INDEX `uq_task_documents_storage_key` (`storage_key`), INDEX `ix_task_documents_task` (`task_id`, `created_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `task_messages` (`id` varchar(36) NOT NULL, `task_id` varchar(36) NOT NULL, `author_type` varchar(16) NOT NULL, `author_id` varchar(36) NOT NULL, `device_id` varchar(36) NULL, `body` text NOT NULL, `created_at` datetime NOT NULL, INDEX `ix_task_messages_task` (`task_id`, `created_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `request_answers` (`id` varchar(36) NOT NULL, `request_id` varchar(36) NOT NULL, `task_id` varchar(36) NOT NULL, `status` varchar(16) NOT NULL, `text` text NULL, `decision` varchar(16) NULL, `author_type` varchar(16) NOT NULL, `author_id` varchar(36) NOT NULL, `device_id` varchar(36) NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `submitted_at` datetime NULL, UNIQUE INDEX `uq_request_answers_request` (`request_id`), INDEX `ix_request_answers_task` (`task_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `tasks` ADD `cancelled_at` datetime NULL");
    await queryRunner.query("ALTER TABLE `tasks` ADD `closed_by_staff_id` varchar(36) NULL");
    await queryRunner.query("ALTER TABLE `task_documents` ADD CONSTRAINT `fk_task_documents_task` FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `task_documents` ADD CONSTRAINT `fk_task_documents_request` FOREIGN KEY (`request_id`) REFERENCES `task_requests`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `task_messages` ADD CONSTRAINT `fk_task_messages_task` FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `request_answers` ADD CONSTRAINT `fk_request_answers_request` FOREIGN KEY (`request_id`) REFERENCES `task_requests`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `request_answers` DROP FOREIGN KEY `fk_request_answers_request`");
    await queryRunner.query("ALTER TABLE `task_messages` DROP FOREIGN KEY `fk_task_messages_task`");
    await queryRunner.query("ALTER TABLE `task_documents` DROP FOREIGN KEY `fk_task_documents_request`");
    await queryRunner.query("ALTER TABLE `task_documents` DROP FOREIGN KEY `fk_task_documents_task`");
    await queryRunner.query("ALTER TABLE `tasks` DROP COLUMN `closed_by_staff_id`");
    await queryRunner.query("ALTER TABLE `tasks` DROP COLUMN `cancelled_at`");
    await queryRunner.query("DROP INDEX `ix_request_answers_task` ON `request_answers`");
    await queryRunner.query("DROP INDEX `uq_request_answers_request` ON `request_answers`");
    await queryRunner.query("DROP TABLE `request_answers`");
    await queryRunner.query("DROP INDEX `ix_task_messages_task` ON `task_messages`");
    await queryRunner.query("DROP TABLE `task_messages`");
    await queryRunner.query("DROP INDEX `ix_task_documents_task` ON `task_documents`");
    await queryRunner.query("DROP INDEX `uq_task_documents_storage_key` ON `task_documents`");
    await queryRunner.query("DROP TABLE `task_documents`");
  }
}
