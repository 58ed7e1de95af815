import type { MigrationInterface, QueryRunner } from 'typeorm';

// Each column changes type in place; its indexes (some needed by foreign keys) stay as they are.
export class TimesInMilliseconds1795630994335 implements MigrationInterface {
  name = 'TimesInMilliseconds1795630994335';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `clients` CHANGE `portal_enabled_from` `portal_enabled_from` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `clients` CHANGE `created_at` `created_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `client_accounts` CHANGE `created_at` `created_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `client_accounts` CHANGE `password_set_at` `password_set_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `client_accounts` CHANGE `disabled_at` `disabled_at` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `audit_events` CHANGE `created_at` `created_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `tasks` CHANGE `created_at` `created_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `tasks` CHANGE `dispatched_at` `dispatched_at` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `tasks` CHANGE `completed_at` `completed_at` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `tasks` CHANGE `cancelled_at` `cancelled_at` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `task_requests` CHANGE `completed_at` `completed_at` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `task_documents` CHANGE `created_at` `created_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `dispatches` CHANGE `created_at` `created_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `devices` CHANGE `created_at` `created_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `devices` CHANGE `last_seen_at` `last_seen_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `devices` CHANGE `revoked_at` `revoked_at` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `links` CHANGE `created_at` `created_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `links` CHANGE `redeem_by` `redeem_by` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `links` CHANGE `expires_at` `expires_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `links` CHANGE `used_at` `used_at` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `links` CHANGE `revoked_at` `revoked_at` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `device_grants` CHANGE `granted_at` `granted_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `device_grants` CHANGE `expires_at` `expires_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `device_grants` CHANGE `revoked_at` `revoked_at` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `job_leases` CHANGE `claimed_at` `claimed_at` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `mail_outbox` CHANGE `next_attempt_at` `next_attempt_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `mail_outbox` CHANGE `locked_until` `locked_until` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `mail_outbox` CHANGE `created_at` `created_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `mail_outbox` CHANGE `sent_at` `sent_at` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `task_messages` CHANGE `created_at` `created_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `pin_codes` CHANGE `locked_until` `locked_until` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `pin_codes` CHANGE `created_at` `created_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `sessions` CHANGE `created_at` `created_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `sessions` CHANGE `last_seen_at` `last_seen_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `sessions` CHANGE `expires_at` `expires_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `sessions` CHANGE `revoked_at` `revoked_at` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `staff` CHANGE `created_at` `created_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `staff` CHANGE `disabled_at` `disabled_at` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `request_answers` CHANGE `created_at` `created_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `request_answers` CHANGE `updated_at` `updated_at` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `request_answers` CHANGE `submitted_at` `submitted_at` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `auth_failures` CHANGE `created_at` `created_at` datetime(3) NOT NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `auth_failures` CHANGE `created_at` `created_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `request_answers` CHANGE `submitted_at` `submitted_at` datetime(0) NULL");
    await queryRunner.query("ALTER TABLE `request_answers` CHANGE `updated_at` `updated_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `request_answers` CHANGE `created_at` `created_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `staff` CHANGE `disabled_at` `disabled_at` datetime(0) NULL");
    await queryRunner.query("ALTER TABLE `staff` CHANGE `created_at` `created_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `sessions` CHANGE `revoked_at` `revoked_at` datetime(0) NULL");
    await queryRunner.query("ALTER TABLE `sessions` CHANGE `expires_at` `expires_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `sessions` CHANGE `last_seen_at` `last_seen_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `sessions` CHANGE `created_at` `created_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `pin_codes` CHANGE `created_at` `created_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `pin_codes` CHANGE `locked_until` `locked_until` datetime(0) NULL");
    await queryRunner.query("ALTER TABLE `task_messages` CHANGE `created_at` `created_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `mail_outbox` CHANGE `sent_at` `sent_at` datetime(0) NULL");
    await queryRunner.query("ALTER TABLE `mail_outbox` CHANGE `created_at` `created_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `mail_outbox` CHANGE `locked_until` `locked_until` datetime(0) NULL");
    await queryRunner.query("ALTER TABLE `mail_outbox` CHANGE `next_attempt_at` `next_attempt_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `job_leases` CHANGE `claimed_at` `claimed_at` datetime(0) NULL");
    await queryRunner.query("ALTER TABLE `device_grants` CHANGE `revoked_at` `revoked_at` datetime(0) NULL");
    await queryRunner.query("ALTER TABLE `device_grants` CHANGE `expires_at` `expires_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `device_grants` CHANGE `granted_at` `granted_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `links` CHANGE `revoked_at` `revoked_at` datetime(0) NULL");
    await queryRunner.query("ALTER TABLE `links` CHANGE `used_at` `used_at` datetime(0) NULL");
    await queryRunner.query("ALTER TABLE `links` CHANGE `expires_at` `expires_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `links` CHANGE `redeem_by` `redeem_by` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `links` CHANGE `created_at` `created_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `devices` CHANGE `revoked_at` `revoked_at` datetime(0) NULL");
    await queryRunner.query("ALTER TABLE `devices` CHANGE `last_seen_at` `last_seen_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `devices` CHANGE `created_at` `created_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `dispatches` CHANGE `created_at` `created_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `task_documents` CHANGE `created_at` `created_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `task_requests` CHANGE `completed_at` `completed_at` datetime(0) NULL");
    await queryRunner.query("ALTER TABLE `tasks` CHANGE `cancelled_at` `cancelled_at` datetime(0) NULL");
    await queryRunner.query("ALTER TABLE `tasks` CHANGE `completed_at` `completed_at` datetime(0) NULL");
    await queryRunner.query("ALTER TABLE `tasks` CHANGE `dispatched_at` `dispatched_at` datetime(0) NULL");
    await queryRunner.query("ALTER TABLE `tasks` CHANGE `created_at` `created_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `audit_events` CHANGE `created_at` `created_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `client_accounts` CHANGE `disabled_at` `disabled_at` datetime(0) NULL");
    await queryRunner.query("ALTER TABLE `client_accounts` CHANGE `password_set_at` `password_set_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `client_accounts` CHANGE `created_at` `created_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `clients` CHANGE `created_at` `created_at` datetime(0) NOT NULL");
    await queryRunner.query("ALTER TABLE `clients` CHANGE `portal_enabled_from` `portal_enabled_from` datetime(0) NULL");
  }
}
