import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskRemindersAndDigests1795653095163 implements MigrationInterface {
  name = 'TaskRemindersAndDigests1795653095163';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `reminder_digests` (`id` varchar(36) NOT NULL, `client_id` varchar(36) NOT NULL, `local_date` varchar(10) NOT NULL, `outcome` varchar(8) NOT NULL, `listed` int NOT NULL, `reminded` int NOT NULL, `mail_id` varchar(36) NULL, `created_at` datetime(3) NOT NULL, INDEX `ix_reminder_digests_created` (`created_at`), UNIQUE INDEX `uq_reminder_digests_client_date` (`client_id`, `local_date`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `reminders` (`id` varchar(36) NOT NULL, `client_id` varchar(36) NOT NULL, `task_id` varchar(36) NOT NULL, `digest_id` varchar(36) NOT NULL, `outcome` varchar(16) NOT NULL, `reason` varchar(24) NOT NULL, `local_date` varchar(10) NOT NULL, `due_date` varchar(10) NULL, `days_to_due` int NULL, `statutory` tinyint NOT NULL DEFAULT 0, `access` varchar(16) NOT NULL, `created_at` datetime(3) NOT NULL, INDEX `ix_reminders_client` (`client_id`, `created_at`), INDEX `ix_reminders_task` (`task_id`, `created_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `tasks` ADD `statutory` tinyint NOT NULL DEFAULT 0");
    await queryRunner.query("ALTER TABLE `tasks` ADD `reminder_settings` varchar(400) NULL");
    await queryRunner.query("ALTER TABLE `reminder_digests` ADD CONSTRAINT `fk_reminder_digests_client` FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `reminders` ADD CONSTRAINT `fk_reminders_client` FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `reminders` ADD CONSTRAINT `fk_reminders_task` FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `reminders` DROP FOREIGN KEY `fk_reminders_task`");
    await queryRunner.query("ALTER TABLE `reminders` DROP FOREIGN KEY `fk_reminders_client`");
    await queryRunner.query("ALTER TABLE `reminder_digests` DROP FOREIGN KEY `fk_reminder_digests_client`");
    await queryRunner.query("ALTER TABLE `tasks` DROP COLUMN `reminder_settings`");
    await queryRunner.query("ALTER TABLE `tasks` DROP COLUMN `statutory`");
    await queryRunner.query("DROP INDEX `ix_reminders_task` ON `reminders`");
    await queryRunner.query("DROP INDEX `ix_reminders_client` ON `reminders`");
    await queryRunner.query("DROP TABLE `reminders`");
    await queryRunner.query("DROP INDEX `uq_reminder_digests_client_date` ON `reminder_digests`");
    await queryRunner.query("DROP INDEX `ix_reminder_digests_created` ON `reminder_digests`");
    await queryRunner.query("DROP TABLE `reminder_digests`");
  }
}
