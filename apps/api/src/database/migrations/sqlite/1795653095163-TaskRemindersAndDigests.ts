import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskRemindersAndDigests1795653095163 implements MigrationInterface {
  name = 'TaskRemindersAndDigests1795653095163';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"reminder_digests\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"client_id\" varchar(36) NOT NULL, \"local_date\" varchar(10) NOT NULL, \"outcome\" varchar(8) NOT NULL, \"listed\" integer NOT NULL, \"reminded\" integer NOT NULL, \"mail_id\" varchar(36), \"created_at\" datetime(3) NOT NULL)");
    await queryRunner.query("CREATE INDEX \"ix_reminder_digests_created\" ON \"reminder_digests\" (\"created_at\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_reminder_digests_client_date\" ON \"reminder_digests\" (\"client_id\", \"local_date\") ");
    await queryRunner.query("CREATE TABLE \"reminders\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"client_id\" varchar(36) NOT NULL, \"task_id\" varchar(36) NOT NULL, \"digest_id\" varchar(36) NOT NULL, \"outcome\" varchar(16) NOT NULL, \"reason\" varchar(24) NOT NULL, \"local_date\" varchar(10) NOT NULL, \"due_date\" varchar(10), \"days_to_due\" integer, \"statutory\" boolean NOT NULL DEFAULT (0), \"access\" varchar(16) NOT NULL, \"created_at\" datetime(3) NOT NULL)");
    await queryRunner.query("CREATE INDEX \"ix_reminders_client\" ON \"reminders\" (\"client_id\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_reminders_task\" ON \"reminders\" (\"task_id\", \"created_at\") ");
    await queryRunner.query("DROP INDEX \"uq_tasks_reference\"");
    await queryRunner.query("CREATE TABLE \"temporary_tasks\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"client_id\" varchar(36) NOT NULL, \"reference\" varchar(16) NOT NULL, \"title\" varchar(200) NOT NULL, \"description\" text, \"due_date\" varchar(10), \"status\" varchar(16) NOT NULL, \"created_at\" datetime(3) NOT NULL, \"dispatched_at\" datetime(3), \"completed_at\" datetime(3), \"cancelled_at\" datetime(3), \"closed_by_staff_id\" varchar(36), \"statutory\" boolean NOT NULL DEFAULT (0), \"reminder_settings\" varchar(400), CONSTRAINT \"fk_tasks_client\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_tasks\"(\"id\", \"client_id\", \"reference\", \"title\", \"description\", \"due_date\", \"status\", \"created_at\", \"dispatched_at\", \"completed_at\", \"cancelled_at\", \"closed_by_staff_id\") SELECT \"id\", \"client_id\", \"reference\", \"title\", \"description\", \"due_date\", \"status\", \"created_at\", \"dispatched_at\", \"completed_at\", \"cancelled_at\", \"closed_by_staff_id\" FROM \"tasks\"");
    await queryRunner.query("DROP TABLE \"tasks\"");
    await queryRunner.query("ALTER TABLE \"temporary_tasks\" RENAME TO \"tasks\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_tasks_reference\" ON \"tasks\" (\"reference\") ");
    await queryRunner.query("DROP INDEX \"ix_reminder_digests_created\"");
    await queryRunner.query("DROP INDEX \"uq_reminder_digests_client_date\"");
    await queryRunner.query("CREATE TABLE \"temporary_reminder_digests\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"client_id\" varchar(36) NOT NULL, \"local_date\" varchar(10) NOT NULL, \"outcome\" varchar(8) NOT NULL, \"listed\" integer NOT NULL, \"reminded\" integer NOT NULL, \"mail_id\" varchar(36), \"created_at\" datetime(3) NOT NULL, CONSTRAINT \"fk_reminder_digests_client\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_reminder_digests\"(\"id\", \"client_id\", \"local_date\", \"outcome\", \"listed\", \"reminded\", \"mail_id\", \"created_at\") SELECT \"id\", \"client_id\", \"local_date\", \"outcome\", \"listed\", \"reminded\", \"mail_id\", \"created_at\" FROM \"reminder_digests\"");
    await queryRunner.query("DROP TABLE \"reminder_digests\"");
    await queryRunner.query("ALTER TABLE \"temporary_reminder_digests\" RENAME TO \"reminder_digests\"");
    await queryRunner.query("CREATE INDEX \"ix_reminder_digests_created\" ON \"reminder_digests\" (\"created_at\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_reminder_digests_client_date\" ON \"reminder_digests\" (\"client_id\", \"local_date\") ");
    await queryRunner.query("DROP INDEX \"ix_reminders_client\"");
    await queryRunner.query("DROP INDEX \"ix_reminders_task\"");
    await queryRunner.query("CREATE TABLE \"temporary_reminders\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"client_id\" varchar(36) NOT NULL, \"task_id\" varchar(36) NOT NULL, \"digest_id\" varchar(36) NOT NULL, \"outcome\" varchar(16) NOT NULL, \"reason\" varchar(24) NOT NULL, \"local_date\" varchar(10) NOT NULL, \"due_date\" varchar(10), \"days_to_due\" integer, \"statutory\" boolean NOT NULL DEFAULT (0), \"access\" varchar(16) NOT NULL, \"created_at\" datetime(3) NOT NULL, CONSTRAINT \"fk_reminders_client\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"fk_reminders_task\" FOREIGN KEY (\"task_id\") REFERENCES \"tasks\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_reminders\"(\"id\", \"client_id\", \"task_id\", \"digest_id\", \"outcome\", \"reason\", \"local_date\", \"due_date\", \"days_to_due\", \"statutory\", \"access\", \"created_at\") SELECT \"id\", \"client_id\", \"task_id\", \"digest_id\", \"outcome\", \"reason\", \"local_date\", \"due_date\", \"days_to_due\", \"statutory\", \"access\", \"created_at\" FROM \"reminders\"");
    await queryRunner.query("DROP TABLE \"reminders\"");
    await queryRunner.query("ALTER TABLE \"temporary_reminders\" RENAME TO \"reminders\"");
    await queryRunner.query("CREATE INDEX \"ix_reminders_client\" ON \"reminders\" (\"client_id\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_reminders_task\" ON \"reminders\" (\"task_id\", \"created_at\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_reminders_task\"");
    await queryRunner.query("DROP INDEX \"ix_reminders_client\"");
    await queryRunner.query("ALTER TABLE \"reminders\" RENAME TO \"temporary_reminders\"");
    await queryRunner.query("CREATE TABLE \"reminders\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"client_id\" varchar(36) NOT NULL, \"task_id\" varchar(36) NOT NULL, \"digest_id\" varchar(36) NOT NULL, \"outcome\" varchar(16) NOT NULL, \"reason\" varchar(24) NOT NULL, \"local_date\" varchar(10) NOT NULL, \"due_date\" varchar(10), \"days_to_due\" integer, \"statutory\" boolean NOT NULL DEFAULT (0), \"access\" varchar(16) NOT NULL, \"created_at\" datetime(3) NOT NULL)");
    await queryRunner.query("INSERT INTO \"reminders\"(\"id\", \"client_id\", \"task_id\", \"digest_id\", \"outcome\", \"reason\", \"local_date\", \"due_date\", \"days_to_due\", \"statutory\", \"access\", \"created_at\") SELECT \"id\", \"client_id\", \"task_id\", \"digest_id\", \"outcome\", \"reason\", \"local_date\", \"due_date\", \"days_to_due\", \"statutory\", \"access\", \"created_at\" FROM \"temporary_reminders\"");
    await queryRunner.query("DROP TABLE \"temporary_reminders\"");
    await queryRunner.query("CREATE INDEX \"ix_reminders_task\" ON \"reminders\" (\"task_id\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_reminders_client\" ON \"reminders\" (\"client_id\", \"created_at\") ");
    await queryRunner.query("DROP INDEX \"uq_reminder_digests_client_date\"");
    await queryRunner.query("DROP INDEX \"ix_reminder_digests_created\"");
    await queryRunner.query("ALTER TABLE \"reminder_digests\" RENAME TO \"temporary_reminder_digests\"");
    await queryRunner.query("CREATE TABLE \"reminder_digests\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"client_id\" varchar(36) NOT NULL, \"local_date\" varchar(10) NOT NULL, \"outcome\" varchar(8) NOT NULL, \"listed\" integer NOT NULL, \"reminded\" integer NOT NULL, \"mail_id\" varchar(36), \"created_at\" datetime(3) NOT NULL)");
    await queryRunner.query("INSERT INTO \"reminder_digests\"(\"id\", \"client_id\", \"local_date\", \"outcome\", \"listed\", \"reminded\", \"mail_id\", \"created_at\") SELECT \"id\", \"client_id\", \"local_date\", \"outcome\", \"listed\", \"reminded\", \"mail_id\", \"created_at\" FROM \"temporary_reminder_digests\"");
    await queryRunner.query("DROP TABLE \"temporary_reminder_digests\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_reminder_digests_client_date\" ON \"reminder_digests\" (\"client_id\", \"local_date\") ");
    await queryRunner.query("CREATE INDEX \"ix_reminder_digests_created\" ON \"reminder_digests\" (\"created_at\") ");
    await queryRunner.query("DROP INDEX \"uq_tasks_reference\"");
    await queryRunner.query("ALTER TABLE \"tasks\" RENAME TO \"temporary_tasks\"");
    await queryRunner.query("CREATE TABLE \"tasks\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"client_id\" varchar(36) NOT NULL, \"reference\" varchar(16) NOT NULL, \"title\" varchar(200) NOT NULL, \"description\" text, \"due_date\" varchar(10), \"status\" varchar(16) NOT NULL, \"created_at\" datetime(3) NOT NULL, \"dispatched_at\" datetime(3), \"completed_at\" datetime(3), \"cancelled_at\" datetime(3), \"closed_by_staff_id\" varchar(36), CONSTRAINT \"fk_tasks_client\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"tasks\"(\"id\", \"client_id\", \"reference\", \"title\", \"description\", \"due_date\", \"status\", \"created_at\", \"dispatched_at\", \"completed_at\", \"cancelled_at\", \"closed_by_staff_id\") SELECT \"id\", \"client_id\", \"reference\", \"title\", \"description\", \"due_date\", \"status\", \"created_at\", \"dispatched_at\", \"completed_at\", \"cancelled_at\", \"closed_by_staff_id\" FROM \"temporary_tasks\"");
    await queryRunner.query("DROP TABLE \"temporary_tasks\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_tasks_reference\" ON \"tasks\" (\"reference\") ");
    await queryRunner.query("DROP INDEX \"ix_reminders_task\"");
    await queryRunner.query("DROP INDEX \"ix_reminders_client\"");
    await queryRunner.query("DROP TABLE \"reminders\"");
    await queryRunner.query("DROP INDEX \"uq_reminder_digests_client_date\"");
    await queryRunner.query("DROP INDEX \"ix_reminder_digests_created\"");
    await queryRunner.query("DROP TABLE \"reminder_digests\"");
  }
}
