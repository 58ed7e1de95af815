import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ActivityNotificationsWebhooks1795665287504 implements MigrationInterface {
  name = 'ActivityNotificationsWebhooks1795665287504';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `activity_events` (`id` varchar(36) NOT NULL, `type` varchar(48) NOT NULL, `actor_type` varchar(16) NOT NULL, `actor_id` varchar(36) NULL, `client_id` varchar(36) NOT NULL, `task_id` varchar(36) NULL, `dispatch_id` varchar(36) NULL, `subject_id` varchar(36) NULL, `detail` text NULL, `created_at` datetime(3) NOT NULL, `notified_at` datetime(3) NULL, `fanned_out_at` datetime(3) NULL, INDEX `ix_activity_events_fan_out` (`fanned_out_at`, `created_at`), INDEX `ix_activity_events_notify` (`notified_at`, `created_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `staff_notices` (`id` varchar(36) NOT NULL, `recipient` varchar(320) NOT NULL, `staff_id` varchar(36) NULL, `event_id` varchar(36) NOT NULL, `event_type` varchar(48) NOT NULL, `client_id` varchar(36) NOT NULL, `task_id` varchar(36) NOT NULL, `created_at` datetime(3) NOT NULL, `mailed_at` datetime(3) NULL, INDEX `ix_staff_notices_pending` (`mailed_at`, `created_at`), INDEX `ix_staff_notices_recipient` (`recipient`, `mailed_at`, `created_at`), UNIQUE INDEX `uq_staff_notices_event` (`event_id`, `task_id`, `recipient`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `staff_notification_settings` (`staff_id` varchar(36) NOT NULL, `mode` varchar(16) NOT NULL, `updated_at` datetime(3) NOT NULL, PRIMARY KEY (`staff_id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `webhook_deliveries` (`id` varchar(36) NOT NULL, `endpoint_id` varchar(36) NOT NULL, `event_id` varchar(36) NOT NULL, `event_type` varchar(48) NOT NULL, `payload` text NOT NULL, `status` varchar(16) NOT NULL, `attempts` int NOT NULL, `next_attempt_at` datetime(3) NOT NULL, `locked_until` datetime(3) NULL, `locked_by` varchar(64) NULL, `last_error` varchar(500) NULL, `last_status_code` int NULL, `created_at` datetime(3) NOT NULL, `delivered_at` datetime(3) NULL, INDEX `ix_webhook_deliveries_endpoint` (`endpoint_id`, `created_at`), INDEX `ix_webhook_deliveries_pending` (`status`, `next_attempt_at`), UNIQUE INDEX `uq_webhook_deliveries_endpoint_event` (`endpoint_id`, `event_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `webhook_endpoints` (`id` varchar(36) NOT NULL, `url` varchar(2048) NOT NULL, `events` varchar(500) NOT NULL, `sealed_secret` text NOT NULL, `active` tinyint NOT NULL, `description` varchar(200) NULL, `created_by` varchar(36) NULL, `created_at` datetime(3) NOT NULL, `updated_at` datetime(3) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE `webhook_endpoints`");
    await queryRunner.query("DROP INDEX `uq_webhook_deliveries_endpoint_event` ON `webhook_deliveries`");
    await queryRunner.query("DROP INDEX `ix_webhook_deliveries_pending` ON `webhook_deliveries`");
    await queryRunner.query("DROP INDEX `ix_webhook_deliveries_endpoint` ON `webhook_deliveries`");
    await queryRunner.query("DROP TABLE `webhook_deliveries`");
    await queryRunner.query("DROP TABLE `staff_notification_settings`");
    await queryRunner.query("DROP INDEX `uq_staff_notices_event` ON `staff_notices`");
    await queryRunner.query("DROP INDEX `ix_staff_notices_recipient` ON `staff_notices`");
    await queryRunner.query("DROP INDEX `ix_staff_notices_pending` ON `staff_notices`");
    await queryRunner.query("DROP TABLE `staff_notices`");
    await queryRunner.query("DROP INDEX `ix_activity_events_notify` ON `activity_events`");
    await queryRunner.query("DROP INDEX `ix_activity_events_fan_out` ON `activity_events`");
    await queryRunner.query("DROP TABLE `activity_events`");
  }
}
