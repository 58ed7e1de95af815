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
    // Rebuilding tasks renames it aside: with foreign keys on, its children (task_requests,
    // dispatch_tasks, …) would follow the rename and lose their rows when the old table is
    // dropped (see withoutForeignKeys, as in BoundAccessLinks).
    await withoutForeignKeys(queryRunner, async () => {
      await queryRunner.query("DROP INDEX \"uq_tasks_reference\"");
      await queryRunner.query("DROP INDEX \"ix_tasks_owner\"");
      await queryRunner.query("ALTER TABLE \"tasks\" RENAME TO \"temporary_tasks\"");
      await queryRunner.query("CREATE TABLE \"tasks\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"client_id\" varchar(36) NOT NULL, \"reference\" varchar(16) NOT NULL, \"title\" varchar(200) NOT NULL, \"description\" text, \"due_date\" varchar(10), \"status\" varchar(16) NOT NULL, \"created_at\" datetime(3) NOT NULL, \"dispatched_at\" datetime(3), \"completed_at\" datetime(3), \"cancelled_at\" datetime(3), \"closed_by_staff_id\" varchar(36), \"statutory\" boolean NOT NULL DEFAULT (0), \"reminder_settings\" varchar(400), \"owner_staff_id\" varchar(36), CONSTRAINT \"fk_tasks_owner\" FOREIGN KEY (\"owner_staff_id\") REFERENCES \"staff\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT \"fk_tasks_client\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)");
      await queryRunner.query("INSERT INTO \"tasks\"(\"id\", \"client_id\", \"reference\", \"title\", \"description\", \"due_date\", \"status\", \"created_at\", \"dispatched_at\", \"completed_at\", \"cancelled_at\", \"closed_by_staff_id\", \"statutory\", \"reminder_settings\", \"owner_staff_id\") SELECT \"id\", \"client_id\", \"reference\", \"title\", \"description\", \"due_date\", \"status\", \"created_at\", \"dispatched_at\", \"completed_at\", \"cancelled_at\", \"closed_by_staff_id\", \"statutory\", \"reminder_settings\", \"owner_staff_id\" FROM \"temporary_tasks\"");
      await queryRunner.query("DROP TABLE \"temporary_tasks\"");
      await queryRunner.query("CREATE UNIQUE INDEX \"uq_tasks_reference\" ON \"tasks\" (\"reference\") ");
      await queryRunner.query("CREATE INDEX \"ix_tasks_owner\" ON \"tasks\" (\"owner_staff_id\", \"status\") ");
    });
  }
}

/**
 * Runs a table rebuild the way SQLite requires (https://sqlite.org/lang_altertable.html): foreign
 * keys off and legacy renames, so renaming a parent aside does not rewrite its children's
 * references to the temporary name (nor cascade deletes when it is dropped). TypeORM turns foreign
 * keys off for `up` but, on undo, only inside the transaction, where the pragma is a no-op; so this
 * commits the (still empty) migration transaction, rebuilds in its own checked transaction and
 * opens a new one for TypeORM to record the undo in.
 */
async function withoutForeignKeys(queryRunner: QueryRunner, rebuild: () => Promise<void>): Promise<void> {
  const outer = queryRunner.isTransactionActive;
  if (outer) await queryRunner.commitTransaction();
  await queryRunner.query('PRAGMA foreign_keys = OFF');
  await queryRunner.query('PRAGMA legacy_alter_table = ON');
  try {
    await queryRunner.startTransaction();
    try {
      await rebuild();
      const broken = (await queryRunner.query('PRAGMA foreign_key_check')) as unknown[];
      if (broken.length > 0) throw new Error(`Rebuilding the tables broke ${broken.length} foreign keys`);
      await queryRunner.commitTransaction();
    } catch (error) {
      await queryRunner.rollbackTransaction();
      throw error;
    }
  } finally {
    await queryRunner.query('PRAGMA legacy_alter_table = OFF');
    await queryRunner.query('PRAGMA foreign_keys = ON');
    if (outer) await queryRunner.startTransaction();
  }
}
