import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffWorkspace1795664905731 implements MigrationInterface {
  name = 'StaffWorkspace1795664905731';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"integration_tokens\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"token_hash\" varchar(64) NOT NULL, \"name\" varchar(100) NOT NULL, \"created_by_staff_id\" varchar(36) NOT NULL, \"created_at\" datetime(3) NOT NULL, \"last_used_at\" datetime(3), \"revoked_at\" datetime(3))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_integration_tokens_token_hash\" ON \"integration_tokens\" (\"token_hash\") ");
    await queryRunner.query("CREATE TABLE \"staff_task_reads\" (\"staff_id\" varchar(36) NOT NULL, \"task_id\" varchar(36) NOT NULL, \"seen_at\" datetime(3) NOT NULL, PRIMARY KEY (\"staff_id\", \"task_id\"))");
    await queryRunner.query("CREATE INDEX \"ix_staff_task_reads_task\" ON \"staff_task_reads\" (\"task_id\", \"seen_at\") ");
    await queryRunner.query("DROP INDEX \"uq_staff_username\"");
    await queryRunner.query("CREATE TABLE \"temporary_staff\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"username\" varchar(100) NOT NULL, \"password_hash\" varchar(255) NOT NULL, \"role\" varchar(16) NOT NULL, \"created_at\" datetime(3) NOT NULL, \"disabled_at\" datetime(3), \"email\" varchar(320))");
    await queryRunner.query("INSERT INTO \"temporary_staff\"(\"id\", \"username\", \"password_hash\", \"role\", \"created_at\", \"disabled_at\") SELECT \"id\", \"username\", \"password_hash\", \"role\", \"created_at\", \"disabled_at\" FROM \"staff\"");
    await queryRunner.query("DROP TABLE \"staff\"");
    await queryRunner.query("ALTER TABLE \"temporary_staff\" RENAME TO \"staff\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_staff_username\" ON \"staff\" (\"username\") ");
    await queryRunner.query("DROP INDEX \"uq_integration_tokens_token_hash\"");
    await queryRunner.query("CREATE TABLE \"temporary_integration_tokens\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"token_hash\" varchar(64) NOT NULL, \"name\" varchar(100) NOT NULL, \"created_by_staff_id\" varchar(36) NOT NULL, \"created_at\" datetime(3) NOT NULL, \"last_used_at\" datetime(3), \"revoked_at\" datetime(3), CONSTRAINT \"fk_integration_tokens_staff\" FOREIGN KEY (\"created_by_staff_id\") REFERENCES \"staff\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_integration_tokens\"(\"id\", \"token_hash\", \"name\", \"created_by_staff_id\", \"created_at\", \"last_used_at\", \"revoked_at\") SELECT \"id\", \"token_hash\", \"name\", \"created_by_staff_id\", \"created_at\", \"last_used_at\", \"revoked_at\" FROM \"integration_tokens\"");
    await queryRunner.query("DROP TABLE \"integration_tokens\"");
    await queryRunner.query("ALTER TABLE \"temporary_integration_tokens\" RENAME TO \"integration_tokens\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_integration_tokens_token_hash\" ON \"integration_tokens\" (\"token_hash\") ");
    await queryRunner.query("DROP INDEX \"ix_staff_task_reads_task\"");
    await queryRunner.query("CREATE TABLE \"temporary_staff_task_reads\" (\"staff_id\" varchar(36) NOT NULL, \"task_id\" varchar(36) NOT NULL, \"seen_at\" datetime(3) NOT NULL, CONSTRAINT \"fk_staff_task_reads_staff\" FOREIGN KEY (\"staff_id\") REFERENCES \"staff\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"fk_staff_task_reads_task\" FOREIGN KEY (\"task_id\") REFERENCES \"tasks\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, PRIMARY KEY (\"staff_id\", \"task_id\"))");
    await queryRunner.query("INSERT INTO \"temporary_staff_task_reads\"(\"staff_id\", \"task_id\", \"seen_at\") SELECT \"staff_id\", \"task_id\", \"seen_at\" FROM \"staff_task_reads\"");
    await queryRunner.query("DROP TABLE \"staff_task_reads\"");
    await queryRunner.query("ALTER TABLE \"temporary_staff_task_reads\" RENAME TO \"staff_task_reads\"");
    await queryRunner.query("CREATE INDEX \"ix_staff_task_reads_task\" ON \"staff_task_reads\" (\"task_id\", \"seen_at\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_staff_task_reads_task\"");
    await queryRunner.query("ALTER TABLE \"staff_task_reads\" RENAME TO \"temporary_staff_task_reads\"");
    await queryRunner.query("CREATE TABLE \"staff_task_reads\" (\"staff_id\" varchar(36) NOT NULL, \"task_id\" varchar(36) NOT NULL, \"seen_at\" datetime(3) NOT NULL, PRIMARY KEY (\"staff_id\", \"task_id\"))");
    await queryRunner.query("INSERT INTO \"staff_task_reads\"(\"staff_id\", \"task_id\", \"seen_at\") SELECT \"staff_id\", \"task_id\", \"seen_at\" FROM \"temporary_staff_task_reads\"");
    await queryRunner.query("DROP TABLE \"temporary_staff_task_reads\"");
    await queryRunner.query("CREATE INDEX \"ix_staff_task_reads_task\" ON \"staff_task_reads\" (\"task_id\", \"seen_at\") ");
    await queryRunner.query("DROP INDEX \"uq_integration_tokens_token_hash\"");
    await queryRunner.query("ALTER TABLE \"integration_tokens\" RENAME TO \"temporary_integration_tokens\"");
    await queryRunner.query("CREATE TABLE \"integration_tokens\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"token_hash\" varchar(64) NOT NULL, \"name\" varchar(100) NOT NULL, \"created_by_staff_id\" varchar(36) NOT NULL, \"created_at\" datetime(3) NOT NULL, \"last_used_at\" datetime(3), \"revoked_at\" datetime(3))");
    await queryRunner.query("INSERT INTO \"integration_tokens\"(\"id\", \"token_hash\", \"name\", \"created_by_staff_id\", \"created_at\", \"last_used_at\", \"revoked_at\") SELECT \"id\", \"token_hash\", \"name\", \"created_by_staff_id\", \"created_at\", \"last_used_at\", \"revoked_at\" FROM \"temporary_integration_tokens\"");
    await queryRunner.query("DROP TABLE \"temporary_integration_tokens\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_integration_tokens_token_hash\" ON \"integration_tokens\" (\"token_hash\") ");
    await queryRunner.query("DROP INDEX \"uq_staff_username\"");
    await queryRunner.query("ALTER TABLE \"staff\" RENAME TO \"temporary_staff\"");
    await queryRunner.query("CREATE TABLE \"staff\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"username\" varchar(100) NOT NULL, \"password_hash\" varchar(255) NOT NULL, \"role\" varchar(16) NOT NULL, \"created_at\" datetime(3) NOT NULL, \"disabled_at\" datetime(3))");
    await queryRunner.query("INSERT INTO \"staff\"(\"id\", \"username\", \"password_hash\", \"role\", \"created_at\", \"disabled_at\") SELECT \"id\", \"username\", \"password_hash\", \"role\", \"created_at\", \"disabled_at\" FROM \"temporary_staff\"");
    await queryRunner.query("DROP TABLE \"temporary_staff\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_staff_username\" ON \"staff\" (\"username\") ");
    await queryRunner.query("DROP INDEX \"ix_staff_task_reads_task\"");
    await queryRunner.query("DROP TABLE \"staff_task_reads\"");
    await queryRunner.query("DROP INDEX \"uq_integration_tokens_token_hash\"");
    await queryRunner.query("DROP TABLE \"integration_tokens\"");
  }
}
