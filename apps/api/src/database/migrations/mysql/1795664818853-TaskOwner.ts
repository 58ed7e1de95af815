import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskOwner1795664818853 implements MigrationInterface {
  name = 'TaskOwner1795664818853';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `tasks` ADD `owner_staff_id` varchar(36) NULL");
    await queryRunner.query("CREATE INDEX `ix_tasks_owner` ON `tasks` (`owner_staff_id`, `status`)");
    await queryRunner.query("ALTER TABLE `tasks` ADD CONSTRAINT `fk_tasks_owner` FOREIGN KEY (`owner_staff_id`) REFERENCES `staff`(`id`) ON DELETE SET NULL ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `tasks` DROP FOREIGN KEY `fk_tasks_owner`");
    await queryRunner.query("DROP INDEX `ix_tasks_owner` ON `tasks`");
    await queryRunner.query("ALTER TABLE `tasks` DROP COLUMN `owner_staff_id`");
  }
}
