import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskRequestCounts1795690000446 implements MigrationInterface {
  name = 'TaskRequestCounts1795690000446';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `tasks` ADD `open_requests` int NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TABLE `tasks` ADD `total_requests` int NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TABLE `tasks` ADD `declined_answers` int NOT NULL DEFAULT '0'");
    // Issue 11: the counters start from the rows they count (TasksService keeps them after this).
    await queryRunner.query(`UPDATE tasks SET
      open_requests = (SELECT COUNT(*) FROM task_requests r WHERE r.task_id = tasks.id AND r.status = 'open'),
      total_requests = (SELECT COUNT(*) FROM task_requests r WHERE r.task_id = tasks.id),
      declined_answers = (SELECT COUNT(*) FROM request_answers a
        WHERE a.task_id = tasks.id AND a.status = 'submitted' AND a.decision = 'declined')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `tasks` DROP COLUMN `declined_answers`");
    await queryRunner.query("ALTER TABLE `tasks` DROP COLUMN `total_requests`");
    await queryRunner.query("ALTER TABLE `tasks` DROP COLUMN `open_requests`");
  }
}
