import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountsSessionsPins1795578000012 implements MigrationInterface {
  name = 'AccountsSessionsPins1795578000012';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `client_accounts` (`id` varchar(36) NOT NULL, `client_id` varchar(36) NOT NULL, `username` varchar(64) NOT NULL, `password_hash` varchar(255) NOT NULL, `created_at` datetime NOT NULL, `password_set_at` datetime NOT NULL, `disabled_at` datetime NULL, UNIQUE INDEX `uq_client_accounts_client` (`client_id`), UNIQUE INDEX `uq_client_accounts_username` (`username`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `pin_codes` (`id` varchar(36) NOT NULL, `task_id` varchar(36) NOT NULL, `dispatch_id` varchar(36) NOT NULL, `client_id` varchar(36) NOT NULL, `pin_hash` varchar(255) NOT NULL, `failed_attempts` int NOT NULL DEFAULT '0', `locked_until` datetime NULL, `created_at` datetime NOT NULL, UNIQUE INDEX `uq_pin_codes_task` (`task_id`), INDEX `ix_pin_codes_dispatch` (`dispatch_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `auth_failures` (`id` varchar(36) NOT NULL, `scope` varchar(16) NOT NULL, `key_hash` varchar(64) NOT NULL, `created_at` datetime NOT NULL, INDEX `ix_auth_failures_created` (`created_at`), INDEX `ix_auth_failures_key` (`scope`, `key_hash`, `created_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `sessions` ADD `label` varchar(200) NULL");
    await queryRunner.query("ALTER TABLE `client_accounts` ADD CONSTRAINT `fk_client_accounts_client` FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `pin_codes` ADD CONSTRAINT `fk_pin_codes_task` FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `pin_codes` ADD CONSTRAINT `fk_pin_codes_dispatch` FOREIGN KEY (`dispatch_id`) REFERENCES `dispatches`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `pin_codes` ADD CONSTRAINT `fk_pin_codes_client` FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `pin_codes` DROP FOREIGN KEY `fk_pin_codes_client`");
    await queryRunner.query("ALTER TABLE `pin_codes` DROP FOREIGN KEY `fk_pin_codes_dispatch`");
    await queryRunner.query("ALTER TABLE `pin_codes` DROP FOREIGN KEY `fk_pin_codes_task`");
    await queryRunner.query("ALTER TABLE `client_accounts` DROP FOREIGN KEY `fk_client_accounts_client`");
    await queryRunner.query("ALTER TABLE `sessions` DROP COLUMN `label`");
    await queryRunner.query("DROP INDEX `ix_auth_failures_key` ON `auth_failures`");
    await queryRunner.query("DROP INDEX `ix_auth_failures_created` ON `auth_failures`");
    await queryRunner.query("DROP TABLE `auth_failures`");
    await queryRunner.query("DROP INDEX `ix_pin_codes_dispatch` ON `pin_codes`");
    await queryRunner.query("DROP INDEX `uq_pin_codes_task` ON `pin_codes`");
    await queryRunner.query("DROP TABLE `pin_codes`");
    await queryRunner.query("DROP INDEX `uq_client_accounts_username` ON `client_accounts`");
    await queryRunner.query("DROP INDEX `uq_client_accounts_client` ON `client_accounts`");
    await queryRunner.query("DROP TABLE `client_accounts`");
  }
}
