import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffWorkspace1795664905731 implements MigrationInterface {
  name = 'StaffWorkspace1795664905731';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `integration_tokens` (`id` varchar(36) NOT NULL, `token_hash` varchar(64) NOT NULL, `name` varchar(100) NOT NULL, `created_by_staff_id` varchar(36) NOT NULL, `created_at` datetime(3) NOT NULL, `last_used_at` datetime(3) NULL, `revoked_at` datetime(3) NULL, UNIQUE INDEX `uq_integration_tokens_token_hash` (`token_hash`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `staff_task_reads` (`staff_id` varchar(36) NOT NULL, `task_id` varchar(36) NOT NULL, `seen_at` datetime(3) NOT NULL, INDEX `ix_staff_task_reads_task` (`task_id`, `seen_at`), PRIMARY KEY (`staff_id`, `task_id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `staff` ADD `email` varchar(320) NULL");
    await queryRunner.query("ALTER TABLE `integration_tokens` ADD CONSTRAINT `fk_integration_tokens_staff` FOREIGN KEY (`created_by_staff_id`) REFERENCES `staff`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `staff_task_reads` ADD CONSTRAINT `fk_staff_task_reads_staff` FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `staff_task_reads` ADD CONSTRAINT `fk_staff_task_reads_task` FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `staff_task_reads` DROP FOREIGN KEY `fk_staff_task_reads_task`");
    await queryRunner.query("ALTER TABLE `staff_task_reads` DROP FOREIGN KEY `fk_staff_task_reads_staff`");
    await queryRunner.query("ALTER TABLE `integration_tokens` DROP FOREIGN KEY `fk_integration_tokens_staff`");
    await queryRunner.query("ALTER TABLE `staff` DROP COLUMN `email`");
    await queryRunner.query("DROP INDEX `ix_staff_task_reads_task` ON `staff_task_reads`");
    await queryRunner.query("DROP TABLE `staff_task_reads`");
    await queryRunner.query("DROP INDEX `uq_integration_tokens_token_hash` ON `integration_tokens`");
    await queryRunner.query("DROP TABLE `integration_tokens`");
  }
}
