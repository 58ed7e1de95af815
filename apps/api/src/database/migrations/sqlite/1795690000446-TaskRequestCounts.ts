import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskRequestCounts1795690000446 implements MigrationInterface {
  name = 'TaskRequestCounts1795690000446';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_tasks_owner\"");
    await queryRunner.query("DROP INDEX \"uq_tasks_reference\"");
    await queryRunner.query("CREATE TABLE \"temporary_tasks\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"client_id\" varchar(36) NOT NULL, \"reference\" varchar(16) NOT NULL, \"title\" varchar(200) NOT NULL, \"description\" text, \"due_date\" varchar(10), \"status\" varchar(16) NOT NULL, \"created_at\" datetime(3) NOT NULL, \"dispatched_at\" datetime(3), \"completed_at\" datetime(3), \"cancelled_at\" datetime(3), \"closed_by_staff_id\" varchar(36), \"statutory\" boolean NOT NULL DEFAULT (0), \"reminder_settings\" varchar(400), \"owner_staff_id\" varchar(36), \"open_requests\" integer NOT NULL DEFAULT (0), \"total_requests\" integer NOT NULL DEFAULT (0), \"declined_answers\" integer NOT NULL DEFAULT (0), CONSTRAINT \"fk_tasks_owner\" FOREIGN KEY (\"owner_staff_id\") REFERENCES \"staff\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT \"fk_tasks_client\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_tasks\"(\"id\", \"client_id\", \"reference\", \"title\", \"description\", \"due_date\", \"status\", \"created_at\", \"dispatched_at\", \"completed_at\", \"cancelled_at\", \"closed_by_staff_id\", \"statutory\", \"reminder_settings\", \"owner_staff_id\") SELECT \"id\", \"client_id\", \"reference\", \"title\", \"description\", \"due_date\", \"status\", \"created_at\", \"dispatched_at\", \"completed_at\", \"cancelled_at\", \"closed_by_staff_id\", \"statutory\", \"reminder_settings\", \"owner_staff_id\" FROM \"tasks\"");
    await queryRunner.query("DROP TABLE \"tasks\"");
    await queryRunner.query("ALTER TABLE \"temporary_tasks\" RENAME TO \"tasks\"");
    await queryRunner.query("CREATE INDEX \"ix_tasks_owner\" ON \"tasks\" (\"owner_staff_id\", \"status\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_tasks_reference\" ON \"tasks\" (\"reference\") ");
    // Issue 11: the counters start from the rows they count (TasksService keeps them after this).
    await queryRunner.query(`UPDATE tasks SET
      open_requests = (SELECT COUNT(*) FROM task_requests r WHERE r.task_id = tasks.id AND r.status = 'open'),
      total_requests = (SELECT COUNT(*) FROM task_requests r WHERE r.task_id = tasks.id),
      declined_answers = (SELECT COUNT(*) FROM request_answers a
        WHERE a.task_id = tasks.id AND a.status = 'submitted' AND a.decision = 'declined')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"uq_tasks_reference\"");
    await queryRunner.query("DROP INDEX \"ix_tasks_owner\"");
    await queryRunner.query("ALTER TABLE \"tasks\" RENAME TO \"temporary_tasks\"");
    await queryRunner.query("CREATE TABLE \"tasks\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"client_id\" varchar(36) NOT NULL, \"reference\" varchar(16) NOT NULL, \"title\" varchar(200) NOT NULL, \"description\" text, \"due_date\" varchar(10), \"status\" varchar(16) NOT NULL, \"created_at\" datetime(3) NOT NULL, \"dispatched_at\" datetime(3), \"completed_at\" datetime(3), \"cancelled_at\" datetime(3), \"closed_by_staff_id\" varchar(36), \"statutory\" boolean NOT NULL DEFAULT (0), \"reminder_settings\" varchar(400), \"owner_staff_id\" varchar(36), CONSTRAINT \"fk_tasks_owner\" FOREIGN KEY (\"owner_staff_id\") REFERENCES \"staff\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT \"fk_tasks_client\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"tasks\"(\"id\", \"client_id\", \"reference\", \"title\", \"description\", \"due_date\", \"status\", \"created_at\", \"dispatched_at\", \"completed_at\", \"cancelled_at\", \"closed_by_staff_id\", \"statutory\", \"reminder_settings\", \"owner_staff_id\") SELECT \"id\", \"client_id\", \"reference\", \"title\", \"description\", \"due_date\", \"status\", \"created_at\", \"dispatched_at\", \"completed_at\", \"cancelled_at\", \"closed_by_staff_id\", \"statutory\", \"reminder_settings\", \"owner_staff_id\" FROM \"temporary_tasks\"");
    await queryRunner.query("DROP TABLE \"temporary_tasks\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_tasks_reference\" ON \"tasks\" (\"reference\") ");
    await queryRunner.query("CREATE INDEX \"ix_tasks_owner\" ON \"tasks\" (\"owner_staff_id\", \"status\") ");
  }
}
