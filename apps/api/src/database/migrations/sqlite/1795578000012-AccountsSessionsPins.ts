import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountsSessionsPins1795578000012 implements MigrationInterface {
  name = 'AccountsSessionsPins1795578000012';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"client_accounts\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"client_id\" varchar(36) NOT NULL, \"username\" varchar(64) NOT NULL, \"password_hash\" varchar(255) NOT NULL, \"created_at\" datetime NOT NULL, \"password_set_at\" datetime NOT NULL, \"disabled_at\" datetime)");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_client_accounts_client\" ON \"client_accounts\" (\"client_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_client_accounts_username\" ON \"client_accounts\" (\"username\") ");
    await queryRunner.query("CREATE TABLE \"pin_codes\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"task_id\" varchar(36) NOT NULL, \"dispatch_id\" varchar(36) NOT NULL, \"client_id\" varchar(36) NOT NULL, \"pin_hash\" varchar(255) NOT NULL, \"failed_attempts\" integer NOT NULL DEFAULT (0), \"locked_until\" datetime, \"created_at\" datetime NOT NULL)");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_pin_codes_task\" ON \"pin_codes\" (\"task_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_pin_codes_dispatch\" ON \"pin_codes\" (\"dispatch_id\") ");
    await queryRunner.query("CREATE TABLE \"auth_failures\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"scope\" varchar(16) NOT NULL, \"key_hash\" varchar(64) NOT NULL, \"created_at\" datetime NOT NULL)");
    await queryRunner.query("CREATE INDEX \"ix_auth_failures_created\" ON \"auth_failures\" (\"created_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_auth_failures_key\" ON \"auth_failures\" (\"scope\", \"key_hash\", \"created_at\") ");
    await queryRunner.query("DROP INDEX \"ix_sessions_expires\"");
    await queryRunner.query("DROP INDEX \"ix_sessions_subject\"");
    await queryRunner.query("DROP INDEX \"uq_sessions_token_hash\"");
    await queryRunner.query("CREATE TABLE \"temporary_sessions\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"token_hash\" varchar(64) NOT NULL, \"subject_type\" varchar(16) NOT NULL, \"subject_id\" varchar(36) NOT NULL, \"created_at\" datetime NOT NULL, \"last_seen_at\" datetime NOT NULL, \"expires_at\" datetime NOT NULL, \"revoked_at\" datetime, \"label\" varchar(200))");
    await queryRunner.query("INSERT INTO \"temporary_sessions\"(\"id\", \"token_hash\", \"subject_type\", \"subject_id\", \"created_at\", \"last_seen_at\", \"expires_at\", \"revoked_at\") SELECT \"id\", \"token_hash\", \"subject_type\", \"subject_id\", \"created_at\", \"last_seen_at\", \"expires_at\", \"revoked_at\" FROM \"sessions\"");
    await queryRunner.query("DROP TABLE \"sessions\"");
    await queryRunner.query("ALTER TABLE \"temporary_sessions\" RENAME TO \"sessions\"");
    await queryRunner.query("CREATE INDEX \"ix_sessions_expires\" ON \"sessions\" (\"expires_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_sessions_subject\" ON \"sessions\" (\"subject_type\", \"subject_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_sessions_token_hash\" ON \"sessions\" (\"token_hash\") ");
    await queryRunner.query("DROP INDEX \"uq_client_accounts_client\"");
    await queryRunner.query("DROP INDEX \"uq_client_accounts_username\"");
    await queryRunner.query("CREATE TABLE \"temporary_client_accounts\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"client_id\" varchar(36) NOT NULL, \"username\" varchar(64) NOT NULL, \"password_hash\" varchar(255) NOT NULL, \"created_at\" datetime NOT NULL, \"password_set_at\" datetime NOT NULL, \"disabled_at\" datetime, CONSTRAINT \"fk_client_accounts_client\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_client_accounts\"(\"id\", \"client_id\", \"username\", \"password_hash\", \"created_at\", \"password_set_at\", \"disabled_at\") SELECT \"id\", \"client_id\", \"username\", \"password_hash\", \"created_at\", \"password_set_at\", \"disabled_at\" FROM \"client_accounts\"");
    await queryRunner.query("DROP TABLE \"client_accounts\"");
    await queryRunner.query("ALTER TABLE \"temporary_client_accounts\" RENAME TO \"client_accounts\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_client_accounts_client\" ON \"client_accounts\" (\"client_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_client_accounts_username\" ON \"client_accounts\" (\"username\") ");
    await queryRunner.query("DROP INDEX \"uq_pin_codes_task\"");
    await queryRunner.query("DROP INDEX \"ix_pin_codes_dispatch\"");
    await queryRunner.query("CREATE TABLE \"temporary_pin_codes\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"task_id\" varchar(36) NOT NULL, \"dispatch_id\" varchar(36) NOT NULL, \"client_id\" varchar(36) NOT NULL, \"pin_hash\" varchar(255) NOT NULL, \"failed_attempts\" integer NOT NULL DEFAULT (0), \"locked_until\" datetime, \"created_at\" datetime NOT NULL, CONSTRAINT \"fk_pin_codes_task\" FOREIGN KEY (\"task_id\") REFERENCES \"tasks\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"fk_pin_codes_dispatch\" FOREIGN KEY (\"dispatch_id\") REFERENCES \"dispatches\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"fk_pin_codes_client\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_pin_codes\"(\"id\", \"task_id\", \"dispatch_id\", \"client_id\", \"pin_hash\", \"failed_attempts\", \"locked_until\", \"created_at\") SELECT \"id\", \"task_id\", \"dispatch_id\", \"client_id\", \"pin_hash\", \"failed_attempts\", \"locked_until\", \"created_at\" FROM \"pin_codes\"");
    await queryRunner.query("DROP TABLE \"pin_codes\"");
    await queryRunner.query("ALTER TABLE \"temporary_pin_codes\" RENAME TO \"pin_codes\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_pin_codes_task\" ON \"pin_codes\" (\"task_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_pin_codes_dispatch\" ON \"pin_codes\" (\"dispatch_id\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_pin_codes_dispatch\"");
    await queryRunner.query("DROP INDEX \"uq_pin_codes_task\"");
    await queryRunner.query("ALTER TABLE \"pin_codes\" RENAME TO \"temporary_pin_codes\"");
    await queryRunner.query("CREATE TABLE \"pin_codes\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"task_id\" varchar(36) NOT NULL, \"dispatch_id\" varchar(36) NOT NULL, \"client_id\" varchar(36) NOT NULL, \"pin_hash\" varchar(255) NOT NULL, \"failed_attempts\" integer NOT NULL DEFAULT (0), \"locked_until\" datetime, \"created_at\" datetime NOT NULL)");
    await queryRunner.query("INSERT INTO \"pin_codes\"(\"id\", \"task_id\", \"dispatch_id\", \"client_id\", \"pin_hash\", \"failed_attempts\", \"locked_until\", \"created_at\") SELECT \"id\", \"task_id\", \"dispatch_id\", \"client_id\", \"pin_hash\", \"failed_attempts\", \"locked_until\", \"created_at\" FROM \"temporary_pin_codes\"");
    await queryRunner.query("DROP TABLE \"temporary_pin_codes\"");
    await queryRunner.query("CREATE INDEX \"ix_pin_codes_dispatch\" ON \"pin_codes\" (\"dispatch_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_pin_codes_task\" ON \"pin_codes\" (\"task_id\") ");
    await queryRunner.query("DROP INDEX \"uq_client_accounts_username\"");
    await queryRunner.query("DROP INDEX \"uq_client_accounts_client\"");
    await queryRunner.query("ALTER TABLE \"client_accounts\" RENAME TO \"temporary_client_accounts\"");
    await queryRunner.query("CREATE TABLE \"client_accounts\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"client_id\" varchar(36) NOT NULL, \"username\" varchar(64) NOT NULL, \"password_hash\" varchar(255) NOT NULL, \"created_at\" datetime NOT NULL, \"password_set_at\" datetime NOT NULL, \"disabled_at\" datetime)");
    await queryRunner.query("INSERT INTO \"client_accounts\"(\"id\", \"client_id\", \"username\", \"password_hash\", \"created_at\", \"password_set_at\", \"disabled_at\") SELECT \"id\", \"client_id\", \"username\", \"password_hash\", \"created_at\", \"password_set_at\", \"disabled_at\" FROM \"temporary_client_accounts\"");
    await queryRunner.query("DROP TABLE \"temporary_client_accounts\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_client_accounts_username\" ON \"client_accounts\" (\"username\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_client_accounts_client\" ON \"client_accounts\" (\"client_id\") ");
    await queryRunner.query("DROP INDEX \"uq_sessions_token_hash\"");
    await queryRunner.query("DROP INDEX \"ix_sessions_subject\"");
    await queryRunner.query("DROP INDEX \"ix_sessions_expires\"");
    await queryRunner.query("ALTER TABLE \"sessions\" RENAME TO \"temporary_sessions\"");
    await queryRunner.query("CREATE TABLE \"sessions\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"token_hash\" varchar(64) NOT NULL, \"subject_type\" varchar(16) NOT NULL, \"subject_id\" varchar(36) NOT NULL, \"created_at\" datetime NOT NULL, \"last_seen_at\" datetime NOT NULL, \"expires_at\" datetime NOT NULL, \"revoked_at\" datetime)");
    await queryRunner.query("INSERT INTO \"sessions\"(\"id\", \"token_hash\", \"subject_type\", \"subject_id\", \"created_at\", \"last_seen_at\", \"expires_at\", \"revoked_at\") SELECT \"id\", \"token_hash\", \"subject_type\", \"subject_id\", \"created_at\", \"last_seen_at\", \"expires_at\", \"revoked_at\" FROM \"temporary_sessions\"");
    await queryRunner.query("DROP TABLE \"temporary_sessions\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_sessions_token_hash\" ON \"sessions\" (\"token_hash\") ");
    await queryRunner.query("CREATE INDEX \"ix_sessions_subject\" ON \"sessions\" (\"subject_type\", \"subject_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_sessions_expires\" ON \"sessions\" (\"expires_at\") ");
    await queryRunner.query("DROP INDEX \"ix_auth_failures_key\"");
    await queryRunner.query("DROP INDEX \"ix_auth_failures_created\"");
    await queryRunner.query("DROP TABLE \"auth_failures\"");
    await queryRunner.query("DROP INDEX \"ix_pin_codes_dispatch\"");
    await queryRunner.query("DROP INDEX \"uq_pin_codes_task\"");
    await queryRunner.query("DROP TABLE \"pin_codes\"");
    await queryRunner.query("DROP INDEX \"uq_client_accounts_username\"");
    await queryRunner.query("DROP INDEX \"uq_client_accounts_client\"");
    await queryRunner.query("DROP TABLE \"client_accounts\"");
  }
}
