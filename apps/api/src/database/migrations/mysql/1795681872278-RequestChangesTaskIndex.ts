import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RequestChangesTaskIndex1795681872278 implements MigrationInterface {
  name = 'RequestChangesTaskIndex1795681872278';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX `ix_request_changes_task` ON `request_changes` (`task_id`, `created_at`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `ix_request_changes_task` ON `request_changes`");
  }
}
