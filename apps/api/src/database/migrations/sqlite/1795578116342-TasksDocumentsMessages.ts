import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TasksDocumentsMessages1795578116342 implements MigrationInterface {
  name = 'TasksDocumentsMessages1795578116342';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"task_documents\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"task_id\" varchar(36) NOT NULL, \"request_id\" varchar(36), \"storage_key\" varchar(80) NOT NULL, \"filename\" varchar(255) NOT NULL, \"content_type\" varchar(127) NOT NULL, \"size\" bigint NOT NULL, \"sha256\" varchar(64) NOT NULL, \"uploaded_by_type\" varchar(16) NOT NULL, \"uploaded_by_id\" varchar(36) NOT NULL, \"device_id\" varchar(36), \"created_at\" datetime NOT NULL)");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_task_documents_storage_key\" ON \"task_documents\" (\"storage_key\") ");
    await queryRunner.query("CREATE INDEX \"ix_task_documents_task\" ON \"task_documents\" (\"task_id\", \"created_at\") ");
    await queryRunner.query("CREATE TABLE \"task_messages\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"task_id\" varchar(36) NOT NULL, \"author_type\" varchar(16) NOT NULL, \"author_id\" varchar(36) NOT NULL, \"device_id\" varchar(36), \"body\" text NOT NULL, \"created_at\" datetime NOT NULL)");
    await queryRunner.query("CREATE INDEX \"ix_task_messages_task\" ON \"task_messages\" (\"task_id\", \"created_at\") ");
    await queryRunner.query("CREATE TABLE \"request_answers\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"request_id\" varchar(36) NOT NULL, \"task_id\" varchar(36) NOT NULL, \"status\" varchar(16) NOT NULL, \"text\" text, \"decision\" varchar(16), \"author_type\" varchar(16) NOT NULL, \"author_id\" varchar(36) NOT NULL, \"device_id\" varchar(36), \"created_at\" datetime NOT NULL, \"updated_at\" datetime NOT NULL, \"submitted_at\" datetime)");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_request_answers_request\" ON \"request_answers\" (\"request_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_request_answers_task\" ON \"request_answers\" (\"task_id\") ");
    await queryRunner.query("DROP INDEX \"uq_tasks_reference\"");
    await queryRunner.query("CREATE TABLE \"temporary_tasks\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"client_id\" varchar(36) NOT NULL, \"reference\" varchar(16) NOT NULL, \"title\" varchar(200) NOT NULL, \"description\" text, \"due_date\" varchar(10), \"status\" varchar(16) NOT NULL, \"created_at\" datetime NOT NULL, \"dispatched_at\" datetime, \"completed_at\" datetime, \"cancelled_at\" datetime, \"closed_by_staff_id\" varchar(36), CONSTRAINT \"fk_tasks_client\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_tasks\"(\"id\", \"client_id\", \"reference\", \"title\", \"description\", \"due_date\", \"status\", \"created_at\", \"dispatched_at\", \"completed_at\") SELECT \"id\", \"client_id\", \"reference\", \"title\", \"description\", \"due_date\", \"status\", \"created_at\", \"dispatched_at\", \"completed_at\" FROM \"tasks\"");
    await queryRunner.query("DROP TABLE \"tasks\"");
    await queryRunner.query("ALTER TABLE \"temporary_tasks\" RENAME TO \"tasks\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_tasks_reference\" ON \"tasks\" (\"reference\") ");
    await queryRunner.query("DROP INDEX \"uq_task_documents_storage_key\"");
    await queryRunner.query("DROP INDEX \"ix_task_documents_task\"");
    await queryRunner.query("CREATE TABLE \"temporary_task_documents\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"task_id\" varchar(36) NOT NULL, \"request_id\" varchar(36), \"storage_key\" varchar(80) NOT NULL, \"filename\" varchar(255) NOT NULL, \"content_type\" varchar(127) NOT NULL, \"size\" bigint NOT NULL, \"sha256\" varchar(64) NOT NULL, \"uploaded_by_type\" varchar(16) NOT NULL, \"uploaded_by_id\" varchar(36) NOT NULL, \"device_id\" varchar(36), \"created_at\" datetime NOT NULL, CONSTRAINT \"fk_task_documents_task\" FOREIGN KEY (\"task_id\") REFERENCES \"tasks\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"fk_task_documents_request\" FOREIGN KEY (\"request_id\") REFERENCES \"task_requests\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_task_documents\"(\"id\", \"task_id\", \"request_id\", \"storage_key\", \"filename\", \"content_type\", \"size\", \"sha256\", \"uploaded_by_type\", \"uploaded_by_id\", \"device_id\", \"created_at\") SELECT \"id\", \"task_id\", \"request_id\", \"storage_key\", \"filename\", \"content_type\", \"size\", \"sha256\", \"uploaded_by_type\", \"uploaded_by_id\", \"device_id\", \"created_at\" FROM \"task_documents\"");
    await queryRunner.query("DROP TABLE \"task_documents\"");
    await queryRunner.query("ALTER TABLE \"temporary_task_documents\" RENAME TO \"task_documents\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_task_documents_storage_key\" ON \"task_documents\" (\"storage_key\") ");
    await queryRunner.query("CREATE INDEX \"ix_task_documents_task\" ON \"task_documents\" (\"task_id\", \"created_at\") ");
    await queryRunner.query("DROP INDEX \"ix_task_messages_task\"");
    await queryRunner.query("CREATE TABLE \"temporary_task_messages\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"task_id\" varchar(36) NOT NULL, \"author_type\" varchar(16) NOT NULL, \"author_id\" varchar(36) NOT NULL, \"device_id\" varchar(36), \"body\" text NOT NULL, \"created_at\" datetime NOT NULL, CONSTRAINT \"fk_task_messages_task\" FOREIGN KEY (\"task_id\") REFERENCES \"tasks\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_task_messages\"(\"id\", \"task_id\", \"author_type\", \"author_id\", \"device_id\", \"body\", \"created_at\") SELECT \"id\", \"task_id\", \"author_type\", \"author_id\", \"device_id\", \"body\", \"created_at\" FROM \"task_messages\"");
    await queryRunner.query("DROP TABLE \"task_messages\"");
    await queryRunner.query("ALTER TABLE \"temporary_task_messages\" RENAME TO \"task_messages\"");
    await queryRunner.query("CREATE INDEX \"ix_task_messages_task\" ON \"task_messages\" (\"task_id\", \"created_at\") ");
    await queryRunner.query("DROP INDEX \"uq_request_answers_request\"");
    await queryRunner.query("DROP INDEX \"ix_request_answers_task\"");
    await queryRunner.query("CREATE TABLE \"temporary_request_answers\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"request_id\" varchar(36) NOT NULL, \"task_id\" varchar(36) NOT NULL, \"status\" varchar(16) NOT NULL, \"text\" text, \"decision\" varchar(16), \"author_type\" varchar(16) NOT NULL, \"author_id\" varchar(36) NOT NULL, \"device_id\" varchar(36), \"created_at\" datetime NOT NULL, \"updated_at\" datetime NOT NULL, \"submitted_at\" datetime, CONSTRAINT \"fk_request_answers_request\" FOREIGN KEY (\"request_id\") REFERENCES \"task_requests\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_request_answers\"(\"id\", \"request_id\", \"task_id\", \"status\", \"text\", \"decision\", \"author_type\", \"author_id\", \"device_id\", \"created_at\", \"updated_at\", \"submitted_at\") SELECT \"id\", \"request_id\", \"task_id\", \"status\", \"text\", \"decision\", \"author_type\", \"author_id\", \"device_id\", \"created_at\", \"updated_at\", \"submitted_at\" FROM \"request_answers\"");
    await queryRunner.query("DROP TABLE \"request_answers\"");
    await queryRunner.query("ALTER TABLE \"temporary_request_answers\" RENAME TO \"request_answers\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_request_answers_request\" ON \"request_answers\" (\"request_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_request_answers_task\" ON \"request_answers\" (\"task_id\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_request_answers_task\"");
    await queryRunner.query("DROP INDEX \"uq_request_answers_request\"");
    await queryRunner.query("ALTER TABLE \"request_answers\" RENAME TO \"temporary_request_answers\"");
    await queryRunner.query("CREATE TABLE \"request_answers\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"request_id\" varchar(36) NOT NULL, \"task_id\" varchar(36) NOT NULL, \"status\" varchar(16) NOT NULL, \"text\" text, \"decision\" varchar(16), \"author_type\" varchar(16) NOT NULL, \"author_id\" varchar(36) NOT NULL, \"device_id\" varchar(36), \"created_at\" datetime NOT NULL, \"updated_at\" datetime NOT NULL, \"submitted_at\" datetime)");
    await queryRunner.query("INSERT INTO \"request_answers\"(\"id\", \"request_id\", \"task_id\", \"status\", \"text\", \"decision\", \"author_type\", \"author_id\", \"device_id\", \"created_at\", \"updated_at\", \"submitted_at\") SELECT \"id\", \"request_id\", \"task_id\", \"status\", \"text\", \"decision\", \"author_type\", \"author_id\", \"device_id\", \"created_at\", \"updated_at\", \"submitted_at\" FROM \"temporary_request_answers\"");
    await queryRunner.query("DROP TABLE \"temporary_request_answers\"");
    await queryRunner.query("CREATE INDEX \"ix_request_answers_task\" ON \"request_answers\" (\"task_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_request_answers_request\" ON \"request_answers\" (\"request_id\") ");
    await queryRunner.query("DROP INDEX \"ix_task_messages_task\"");
    await queryRunner.query("ALTER TABLE \"task_messages\" RENAME TO \"temporary_task_messages\"");
    await queryRunner.query("CREATE TABLE \"task_messages\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"task_id\" varchar(36) NOT NULL, \"author_type\" varchar(16) NOT NULL, \"author_id\" varchar(36) NOT NULL, \"device_id\" varchar(36), \"body\" text NOT NULL, \"created_at\" datetime NOT NULL)");
    await queryRunner.query("INSERT INTO \"task_messages\"(\"id\", \"task_id\", \"author_type\", \"author_id\", \"device_id\", \"body\", \"created_at\") SELECT \"id\", \"task_id\", \"author_type\", \"author_id\", \"device_id\", \"body\", \"created_at\" FROM \"temporary_task_messages\"");
    await queryRunner.query("DROP TABLE \"temporary_task_messages\"");
    await queryRunner.query("CREATE INDEX \"ix_task_messages_task\" ON \"task_messages\" (\"task_id\", \"created_at\") ");
    await queryRunner.query("DROP INDEX \"ix_task_documents_task\"");
    await queryRunner.query("DROP INDEX \"uq_task_documents_storage_key\"");
    await queryRunner.query("ALTER TABLE \"task_documents\" RENAME TO \"temporary_task_documents\"");
    await queryRunner.query("CREATE TABLE \"task_documents\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"task_id\" varchar(36) NOT NULL, \"request_id\" varchar(36), \"storage_key\" varchar(80) NOT NULL, \"filename\" varchar(255) NOT NULL, \"content_type\" varchar(127) NOT NULL, \"size\" bigint NOT NULL, \"sha256\" varchar(64) NOT NULL, \"uploaded_by_type\" varchar(16) NOT NULL, \"uploaded_by_id\" varchar(36) NOT NULL, \"device_id\" varchar(36), \"created_at\" datetime NOT NULL)");
    await queryRunner.query("INSERT INTO \"task_documents\"(\"id\", \"task_id\", \"request_id\", \"storage_key\", \"filename\", \"content_type\", \"size\", \"sha256\", \"uploaded_by_type\", \"uploaded_by_id\", \"device_id\", \"created_at\") SELECT \"id\", \"task_id\", \"request_id\", \"storage_key\", \"filename\", \"content_type\", \"size\", \"sha256\", \"uploaded_by_type\", \"uploaded_by_id\", \"device_id\", \"created_at\" FROM \"temporary_task_documents\"");
    await queryRunner.query("DROP TABLE \"temporary_task_documents\"");
    await queryRunner.query("CREATE INDEX \"ix_task_documents_task\" ON \"task_documents\" (\"task_id\", \"created_at\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_task_documents_storage_key\" ON \"task_documents\" (\"storage_key\") ");
    await queryRunner.query("DROP INDEX \"uq_tasks_reference\"");
    await queryRunner.query("ALTER TABLE \"tasks\" RENAME TO \"temporary_tasks\"");
    await queryRunner.query("CREATE TABLE \"tasks\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"client_id\" varchar(36) NOT NULL, \"reference\" varchar(16) NOT NULL, \"title\" varchar(200) NOT NULL, \"description\" text, \"due_date\" varchar(10), \"status\" varchar(16) NOT NULL, \"created_at\" datetime NOT NULL, \"dispatched_at\" datetime, \"completed_at\" datetime, CONSTRAINT \"fk_tasks_client\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"tasks\"(\"id\", \"client_id\", \"reference\", \"title\", \"description\", \"due_date\", \"status\", \"created_at\", \"dispatched_at\", \"completed_at\") SELECT \"id\", \"client_id\", \"reference\", \"title\", \"description\", \"due_date\", \"status\", \"created_at\", \"dispatched_at\", \"completed_at\" FROM \"temporary_tasks\"");
    await queryRunner.query("DROP TABLE \"temporary_tasks\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_tasks_reference\" ON \"tasks\" (\"reference\") ");
    await queryRunner.query("DROP INDEX \"ix_request_answers_task\"");
    await queryRunner.query("DROP INDEX \"uq_request_answers_request\"");
    await queryRunner.query("DROP TABLE \"request_answers\"");
    await queryRunner.query("DROP INDEX \"ix_task_messages_task\"");
    await queryRunner.query("DROP TABLE \"task_messages\"");
    await queryRunner.query("DROP INDEX \"ix_task_documents_task\"");
    await queryRunner.query("DROP INDEX \"uq_task_documents_storage_key\"");
    await queryRunner.query("DROP TABLE \"task_documents\"");
  }
}
