import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffDisplayNamesAndRetention1795677217895 implements MigrationInterface {
  name = 'StaffDisplayNamesAndRetention1795677217895';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `task_messages` ADD `author_staff_id` varchar(36) NULL");
    // Existing staff messages name their author; existing staff are named by their username.
    await queryRunner.query("UPDATE `task_messages` SET `author_staff_id` = `author_id` WHERE `author_type` = 'staff' AND `author_id` IN (SELECT `id` FROM `staff`)");
    await queryRunner.query("ALTER TABLE `staff` ADD `display_name` varchar(100) NULL");
    await queryRunner.query("UPDATE `staff` SET `display_name` = `username`");
    await queryRunner.query("ALTER TABLE `staff` MODIFY `display_name` varchar(100) NOT NULL");
    await queryRunner.query("CREATE INDEX `ix_activity_events_created` ON `activity_events` (`created_at`)");
    await queryRunner.query("ALTER TABLE `task_messages` ADD CONSTRAINT `fk_task_messages_author_staff` FOREIGN KEY (`author_staff_id`) REFERENCES `staff`(`id`) ON DELETE SET NULL ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `task_messages` DROP FOREIGN KEY `fk_task_messages_author_staff`");
    await queryRunner.query("DROP INDEX `ix_activity_events_created` ON `activity_events`");
    await queryRunner.query("ALTER TABLE `staff` DROP COLUMN `display_name`");
    await queryRunner.query("ALTER TABLE `task_messages` DROP COLUMN `author_staff_id`");
  }
}
