import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795576540548 implements MigrationInterface {
  name = 'Initial1795576540548';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `audit_events` (`id` varchar(36) NOT NULL, `type` varchar(64) NOT NULL, `actor_type` varchar(16) NOT NULL, `actor_id` varchar(36) NULL, `client_id` varchar(36) NULL, `subject_id` varchar(36) NULL, `ip` varchar(64) NULL, `detail` text NULL, `created_at` datetime NOT NULL, INDEX `ix_audit_events_client` (`client_id`, `created_at`), INDEX `ix_audit_events_created` (`created_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `clients` (`id` varchar(36) NOT NULL, `email` varchar(320) NOT NULL, `name` varchar(200) NOT NULL, `portal_enabled_from` datetime NULL, `created_at` datetime NOT NULL, UNIQUE INDEX `uq_clients_email` (`email`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `dispatches` (`id` varchar(36) NOT NULL, `client_id` varchar(36) NOT NULL, `mode` varchar(8) NOT NULL, `created_by_staff_id` varchar(36) NULL, `created_at` datetime NOT NULL, INDEX `ix_dispatches_client` (`client_id`, `created_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `devices` (`id` varchar(36) NOT NULL, `secret_hash` varchar(64) NOT NULL, `label` varchar(200) NULL, `created_at` datetime NOT NULL, `last_seen_at` datetime NOT NULL, `revoked_at` datetime NULL, UNIQUE INDEX `uq_devices_secret_hash` (`secret_hash`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `links` (`id` varchar(36) NOT NULL, `token_hash` varchar(64) NOT NULL, `kind` varchar(16) NOT NULL, `client_id` varchar(36) NOT NULL, `dispatch_id` varchar(36) NOT NULL, `created_at` datetime NOT NULL, `redeem_by` datetime NOT NULL, `expires_at` datetime NOT NULL, `used_at` datetime NULL, `used_by_device_id` varchar(36) NULL, `revoked_at` datetime NULL, UNIQUE INDEX `uq_links_token_hash` (`token_hash`), INDEX `ix_links_dispatch` (`dispatch_id`, `kind`), INDEX `ix_links_expires` (`expires_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `device_grants` (`id` varchar(36) NOT NULL, `device_id` varchar(36) NOT NULL, `dispatch_id` varchar(36) NOT NULL, `client_id` varchar(36) NOT NULL, `link_id` varchar(36) NOT NULL, `granted_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `revoked_at` datetime NULL, INDEX `ix_device_grants_expires` (`expires_at`), INDEX `ix_device_grants_dispatch` (`dispatch_id`), INDEX `ix_device_grants_device` (`device_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `task_requests` (`id` varchar(36) NOT NULL, `task_id` varchar(36) NOT NULL, `position` int NOT NULL, `kind` varchar(16) NOT NULL, `prompt` text NOT NULL, `status` varchar(16) NOT NULL, `completed_at` datetime NULL, INDEX `ix_task_requests_task` (`task_id`, `position`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `tasks` (`id` varchar(36) NOT NULL, `client_id` varchar(36) NOT NULL, `reference` varchar(16) NOT NULL, `title` varchar(200) NOT NULL, `description` text NULL, `due_date` varchar(10) NULL, `status` varchar(16) NOT NULL, `created_at` datetime NOT NULL, `dispatched_at` datetime NULL, `completed_at` datetime NULL, UNIQUE INDEX `uq_tasks_reference` (`reference`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `dispatch_tasks` (`dispatch_id` varchar(36) NOT NULL, `task_id` varchar(36) NOT NULL, INDEX `ix_dispatch_tasks_task` (`task_id`), PRIMARY KEY (`dispatch_id`, `task_id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `mail_outbox` (`id` varchar(36) NOT NULL, `to_address` varchar(320) NOT NULL, `template` varchar(64) NOT NULL, `sealed_payload` text NULL, `status` varchar(16) NOT NULL, `attempts` int NOT NULL, `next_attempt_at` datetime NOT NULL, `locked_until` datetime NULL, `locked_by` varchar(64) NULL, `last_error` varchar(500) NULL, `created_at` datetime NOT NULL, `sent_at` datetime NULL, INDEX `ix_mail_outbox_due` (`status`, `next_attempt_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `sessions` (`id` varchar(36) NOT NULL, `token_hash` varchar(64) NOT NULL, `subject_type` varchar(16) NOT NULL, `subject_id` varchar(36) NOT NULL, `created_at` datetime NOT NULL, `last_seen_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `revoked_at` datetime NULL, UNIQUE INDEX `uq_sessions_token_hash` (`token_hash`), INDEX `ix_sessions_subject` (`subject_type`, `subject_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `staff` (`id` varchar(36) NOT NULL, `username` varchar(100) NOT NULL, `password_hash` varchar(255) NOT NULL, `role` varchar(16) NOT NULL, `created_at` datetime NOT NULL, `disabled_at` datetime NULL, UNIQUE INDEX `uq_staff_username` (`username`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `dispatches` ADD CONSTRAINT `fk_dispatches_client` FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `links` ADD CONSTRAINT `fk_links_client` FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `links` ADD CONSTRAINT `fk_links_dispatch` FOREIGN KEY (`dispatch_id`) REFERENCES `dispatches`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `links` ADD CONSTRAINT `fk_links_device` FOREIGN KEY (`used_by_device_id`) REFERENCES `devices`(`id`) ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `device_grants` ADD CONSTRAINT `fk_device_grants_device` FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `device_grants` ADD CONSTRAINT `fk_device_grants_dispatch` FOREIGN KEY (`dispatch_id`) REFERENCES `dispatches`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `device_grants` ADD CONSTRAINT `fk_device_grants_client` FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `device_grants` ADD CONSTRAINT `fk_device_grants_link` FOREIGN KEY (`link_id`) REFERENCES `links`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `task_requests` ADD CONSTRAINT `fk_task_requests_task` FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `tasks` ADD CONSTRAINT `fk_tasks_client` FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `dispatch_tasks` ADD CONSTRAINT `fk_dispatch_tasks_dispatch` FOREIGN KEY (`dispatch_id`) REFERENCES `dispatches`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `dispatch_tasks` ADD CONSTRAINT `fk_dispatch_tasks_task` FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `dispatch_tasks` DROP FOREIGN KEY `fk_dispatch_tasks_task`");
    await queryRunner.query("ALTER TABLE `dispatch_tasks` DROP FOREIGN KEY `fk_dispatch_tasks_dispatch`");
    await queryRunner.query("ALTER TABLE `tasks` DROP FOREIGN KEY `fk_tasks_client`");
    await queryRunner.query("ALTER TABLE `task_requests` DROP FOREIGN KEY `fk_task_requests_task`");
    await queryRunner.query("ALTER TABLE `device_grants` DROP FOREIGN KEY `fk_device_grants_link`");
    await queryRunner.query("ALTER TABLE `device_grants` DROP FOREIGN KEY `fk_device_grants_client`");
    await queryRunner.query("ALTER TABLE `device_grants` DROP FOREIGN KEY `fk_device_grants_dispatch`");
    await queryRunner.query("ALTER TABLE `device_grants` DROP FOREIGN KEY `fk_device_grants_device`");
    await queryRunner.query("ALTER TABLE `links` DROP FOREIGN KEY `fk_links_device`");
    await queryRunner.query("ALTER TABLE `links` DROP FOREIGN KEY `fk_links_dispatch`");
    await queryRunner.query("ALTER TABLE `links` DROP FOREIGN KEY `fk_links_client`");
    await queryRunner.query("ALTER TABLE `dispatches` DROP FOREIGN KEY `fk_dispatches_client`");
    await queryRunner.query("DROP INDEX `uq_staff_username` ON `staff`");
    await queryRunner.query("DROP TABLE `staff`");
    await queryRunner.query("DROP INDEX `ix_sessions_subject` ON `sessions`");
    await queryRunner.query("DROP INDEX `uq_sessions_token_hash` ON `sessions`");
    await queryRunner.query("DROP TABLE `sessions`");
    await queryRunner.query("DROP INDEX `ix_mail_outbox_due` ON `mail_outbox`");
    await queryRunner.query("DROP TABLE `mail_outbox`");
    await queryRunner.query("DROP INDEX `ix_dispatch_tasks_task` ON `dispatch_tasks`");
    await queryRunner.query("DROP TABLE `dispatch_tasks`");
    await queryRunner.query("DROP INDEX `uq_tasks_reference` ON `tasks`");
    await queryRunner.query("DROP TABLE `tasks`");
    await queryRunner.query("DROP INDEX `ix_task_requests_task` ON `task_requests`");
    await queryRunner.query("DROP TABLE `task_requests`");
    await queryRunner.query("DROP INDEX `ix_device_grants_device` ON `device_grants`");
    await queryRunner.query("DROP INDEX `ix_device_grants_dispatch` ON `device_grants`");
    await queryRunner.query("DROP INDEX `ix_device_grants_expires` ON `device_grants`");
    await queryRunner.query("DROP TABLE `device_grants`");
    await queryRunner.query("DROP INDEX `ix_links_expires` ON `links`");
    await queryRunner.query("DROP INDEX `ix_links_dispatch` ON `links`");
    await queryRunner.query("DROP INDEX `uq_links_token_hash` ON `links`");
    await queryRunner.query("DROP TABLE `links`");
    await queryRunner.query("DROP INDEX `uq_devices_secret_hash` ON `devices`");
    await queryRunner.query("DROP TABLE `devices`");
    await queryRunner.query("DROP INDEX `ix_dispatches_client` ON `dispatches`");
    await queryRunner.query("DROP TABLE `dispatches`");
    await queryRunner.query("DROP INDEX `uq_clients_email` ON `clients`");
    await queryRunner.query("DROP TABLE `clients`");
    await queryRunner.query("DROP INDEX `ix_audit_events_created` ON `audit_events`");
    await queryRunner.query("DROP INDEX `ix_audit_events_client` ON `audit_events`");
    await queryRunner.query("DROP TABLE `audit_events`");
  }
}
