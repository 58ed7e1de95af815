import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PurgeAndOutboxIndexes1795653202233 implements MigrationInterface {
  name = 'PurgeAndOutboxIndexes1795653202233';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `ix_mail_outbox_due` ON `mail_outbox`");
    await queryRunner.query("CREATE INDEX `ix_device_grants_link` ON `device_grants` (`link_id`)");
    await queryRunner.query("CREATE INDEX `ix_device_grants_revoked` ON `device_grants` (`revoked_at`)");
    await queryRunner.query("CREATE INDEX `ix_mail_outbox_pending` ON `mail_outbox` (`status`, `created_at`, `id`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `ix_mail_outbox_pending` ON `mail_outbox`");
    await queryRunner.query("DROP INDEX `ix_device_grants_revoked` ON `device_grants`");
    // MariaDB dropped the foreign key's own index when up() added ix_device_grants_link; the key
    // needs an index on link_id at every moment, so its own comes back before ours goes.
    await queryRunner.query("CREATE INDEX `fk_device_grants_link` ON `device_grants` (`link_id`)");
    await queryRunner.query("DROP INDEX `ix_device_grants_link` ON `device_grants`");
    await queryRunner.query("CREATE INDEX `ix_mail_outbox_due` ON `mail_outbox` (`status`, `next_attempt_at`)");
  }
}
