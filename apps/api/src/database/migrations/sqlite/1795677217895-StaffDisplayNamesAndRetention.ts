import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffDisplayNamesAndRetention1795677217895 implements MigrationInterface {
  name = 'StaffDisplayNamesAndRetention1795677217895';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Backfilled by hand: existing staff messages name their author (author_staff_id), existing
    // staff are named by their username (display_name).
    await queryRunner.query("DROP INDEX \"ix_task_messages_task\"");
    await queryRunner.query("CREATE TABLE \"temporary_task_messages\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"task_id\" varchar(36) NOT NULL, \"author_type\" varchar(16) NOT NULL, \"author_id\" varchar(36) NOT NULL, \"device_id\" varchar(36), \"body\" text NOT NULL, \"created_at\" datetime(3) NOT NULL, \"author_staff_id\" varchar(36), CONSTRAINT \"fk_task_messages_task\" FOREIGN KEY (\"task_id\") REFERENCES \"tasks\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_task_messages\"(\"id\", \"task_id\", \"author_type\", \"author_id\", \"device_id\", \"body\", \"created_at\", \"author_staff_id\") SELECT \"id\", \"task_id\", \"author_type\", \"author_id\", \"device_id\", \"body\", \"created_at\", CASE WHEN \"author_type\" = 'staff' AND \"author_id\" IN (SELECT \"id\" FROM \"staff\") THEN \"author_id\" END FROM \"task_messages\"");
    await queryRunner.query("DROP TABLE \"task_messages\"");
    await queryRunner.query("ALTER TABLE \"temporary_task_messages\" RENAME TO \"task_messages\"");
    await queryRunner.query("CREATE INDEX \"ix_task_messages_task\" ON \"task_messages\" (\"task_id\", \"created_at\") ");
    await queryRunner.query("DROP INDEX \"uq_staff_username\"");
    await queryRunner.query("CREATE TABLE \"temporary_staff\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"username\" varchar(100) NOT NULL, \"password_hash\" varchar(255) NOT NULL, \"role\" varchar(16) NOT NULL, \"created_at\" datetime(3) NOT NULL, \"disabled_at\" datetime(3), \"email\" varchar(320), \"display_name\" varchar(100) NOT NULL)");
    await queryRunner.query("INSERT INTO \"temporary_staff\"(\"id\", \"username\", \"password_hash\", \"role\", \"created_at\", \"disabled_at\", \"email\", \"display_name\") SELECT \"id\", \"username\", \"password_hash\", \"role\", \"created_at\", \"disabled_at\", \"email\", \"username\" FROM \"staff\"");
    await queryRunner.query("DROP TABLE \"staff\"");
    await queryRunner.query("ALTER TABLE \"temporary_staff\" RENAME TO \"staff\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_staff_username\" ON \"staff\" (\"username\") ");
    await queryRunner.query("CREATE INDEX \"ix_activity_events_created\" ON \"activity_events\" (\"created_at\") ");
    await queryRunner.query("DROP INDEX \"ix_task_messages_task\"");
    await queryRunner.query("CREATE TABLE \"temporary_task_messages\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"task_id\" varchar(36) NOT NULL, \"author_type\" varchar(16) NOT NULL, \"author_id\" varchar(36) NOT NULL, \"device_id\" varchar(36), \"body\" text NOT NULL, \"created_at\" datetime(3) NOT NULL, \"author_staff_id\" varchar(36), CONSTRAINT \"fk_task_messages_task\" FOREIGN KEY (\"task_id\") REFERENCES \"tasks\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"fk_task_messages_author_staff\" FOREIGN KEY (\"author_staff_id\") REFERENCES \"staff\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_task_messages\"(\"id\", \"task_id\", \"author_type\", \"author_id\", \"device_id\", \"body\", \"created_at\", \"author_staff_id\") SELECT \"id\", \"task_id\", \"author_type\", \"author_id\", \"device_id\", \"body\", \"created_at\", \"author_staff_id\" FROM \"task_messages\"");
    await queryRunner.query("DROP TABLE \"task_messages\"");
    await queryRunner.query("ALTER TABLE \"temporary_task_messages\" RENAME TO \"task_messages\"");
    await queryRunner.query("CREATE INDEX \"ix_task_messages_task\" ON \"task_messages\" (\"task_id\", \"created_at\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_task_messages_task\"");
    await queryRunner.query("ALTER TABLE \"task_messages\" RENAME TO \"temporary_task_messages\"");
    await queryRunner.query("CREATE TABLE \"task_messages\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"task_id\" varchar(36) NOT NULL, \"author_type\" varchar(16) NOT NULL, \"author_id\" varchar(36) NOT NULL, \"device_id\" varchar(36), \"body\" text NOT NULL, \"created_at\" datetime(3) NOT NULL, \"author_staff_id\" varchar(36), CONSTRAINT \"fk_task_messages_task\" FOREIGN KEY (\"task_id\") REFERENCES \"tasks\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"task_messages\"(\"id\", \"task_id\", \"author_type\", \"author_id\", \"device_id\", \"body\", \"created_at\", \"author_staff_id\") SELECT \"id\", \"task_id\", \"author_type\", \"author_id\", \"device_id\", \"body\", \"created_at\", \"author_staff_id\" FROM \"temporary_task_messages\"");
    await queryRunner.query("DROP TABLE \"temporary_task_messages\"");
    await queryRunner.query("CREATE INDEX \"ix_task_messages_task\" ON \"task_messages\" (\"task_id\", \"created_at\") ");
    await queryRunner.query("DROP INDEX \"ix_activity_events_created\"");
    await queryRunner.query("DROP INDEX \"uq_staff_username\"");
    await queryRunner.query("ALTER TABLE \"staff\" RENAME TO \"temporary_staff\"");
    await queryRunner.query("CREATE TABLE \"staff\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"username\" varchar(100) NOT NULL, \"password_hash\" varchar(255) NOT NULL, \"role\" varchar(16) NOT NULL, \"created_at\" datetime(3) NOT NULL, \"disabled_at\" datetime(3), \"email\" varchar(320))");
    await queryRunner.query("INSERT INTO \"staff\"(\"id\", \"username\", \"password_hash\", \"role\", \"created_at\", \"disabled_at\", \"email\") SELECT \"id\", \"username\", \"password_hash\", \"role\", \"created_at\", \"disabled_at\", \"email\" FROM \"temporary_staff\"");
    await queryRunner.query("DROP TABLE \"temporary_staff\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_staff_username\" ON \"staff\" (\"username\") ");
    await queryRunner.query("DROP INDEX \"ix_task_messages_task\"");
    await queryRunner.query("ALTER TABLE \"task_messages\" RENAME TO \"temporary_task_messages\"");
    await queryRunner.query("CREATE TABLE \"task_messages\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"task_id\" varchar(36) NOT NULL, \"author_type\" varchar(16) NOT NULL, \"author_id\" varchar(36) NOT NULL, \"device_id\" varchar(36), \"body\" text NOT NULL, \"created_at\" datetime(3) NOT NULL, CONSTRAINT \"fk_task_messages_task\" FOREIGN KEY (\"task_id\") REFERENCES \"tasks\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"task_messages\"(\"id\", \"task_id\", \"author_type\", \"author_id\", \"device_id\", \"body\", \"created_at\") SELECT \"id\", \"task_id\", \"author_type\", \"author_id\", \"device_id\", \"body\", \"created_at\" FROM \"temporary_task_messages\"");
    await queryRunner.query("DROP TABLE \"temporary_task_messages\"");
    await queryRunner.query("CREATE INDEX \"ix_task_messages_task\" ON \"task_messages\" (\"task_id\", \"created_at\") ");
  }
}
