import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11 (purge), the SQLite side of the MariaDB migration of the same name: the same keys as
 * the entities now declare (primary keys (id, expires_at), the token hash a plain index, no
 * foreign keys on links and device_grants, device_grants indexed by client). SQLite has no
 * partitions; its purge deletes rows as before.
 */
export class PartitionByExpiry1795748015286 implements MigrationInterface {
  name = 'PartitionByExpiry1795748015286';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_device_grants_device\"");
    await queryRunner.query("DROP INDEX \"ix_device_grants_dispatch\"");
    await queryRunner.query("DROP INDEX \"ix_device_grants_expires\"");
    await queryRunner.query("DROP INDEX \"ix_device_grants_revoked\"");
    await queryRunner.query("CREATE TABLE \"temporary_device_grants\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"device_id\" varchar(36) NOT NULL, \"dispatch_id\" varchar(36) NOT NULL, \"client_id\" varchar(36) NOT NULL, \"link_id\" varchar(36) NOT NULL, \"granted_at\" datetime(3) NOT NULL, \"expires_at\" datetime(3) NOT NULL, \"revoked_at\" datetime(3))");
    await queryRunner.query("INSERT INTO \"temporary_device_grants\"(\"id\", \"device_id\", \"dispatch_id\", \"client_id\", \"link_id\", \"granted_at\", \"expires_at\", \"revoked_at\") SELECT \"id\", \"device_id\", \"dispatch_id\", \"client_id\", \"link_id\", \"granted_at\", \"expires_at\", \"revoked_at\" FROM \"device_grants\"");
    await queryRunner.query("DROP TABLE \"device_grants\"");
    await queryRunner.query("ALTER TABLE \"temporary_device_grants\" RENAME TO \"device_grants\"");
    await queryRunner.query("CREATE INDEX \"ix_device_grants_device\" ON \"device_grants\" (\"device_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_device_grants_dispatch\" ON \"device_grants\" (\"dispatch_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_device_grants_expires\" ON \"device_grants\" (\"expires_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_device_grants_revoked\" ON \"device_grants\" (\"revoked_at\") ");
    await queryRunner.query("DROP INDEX \"ix_links_expires\"");
    await queryRunner.query("DROP INDEX \"ix_links_dispatch\"");
    await queryRunner.query("DROP INDEX \"uq_links_token_hash\"");
    await queryRunner.query("DROP INDEX \"ix_links_client_kind\"");
    await queryRunner.query("CREATE TABLE \"temporary_links\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"token_hash\" varchar(64) NOT NULL, \"kind\" varchar(16) NOT NULL, \"client_id\" varchar(36) NOT NULL, \"dispatch_id\" varchar(36) NOT NULL, \"created_at\" datetime(3) NOT NULL, \"redeem_by\" datetime(3) NOT NULL, \"expires_at\" datetime(3) NOT NULL, \"used_at\" datetime(3), \"used_by_device_id\" varchar(36), \"revoked_at\" datetime(3), \"revoke_reason\" varchar(16), \"bound_to_hash\" varchar(64), \"code_hash\" varchar(64), \"code_expires_at\" datetime(3), \"code_attempts\" integer NOT NULL DEFAULT (0))");
    await queryRunner.query("INSERT INTO \"temporary_links\"(\"id\", \"token_hash\", \"kind\", \"client_id\", \"dispatch_id\", \"created_at\", \"redeem_by\", \"expires_at\", \"used_at\", \"used_by_device_id\", \"revoked_at\", \"revoke_reason\", \"bound_to_hash\", \"code_hash\", \"code_expires_at\", \"code_attempts\") SELECT \"id\", \"token_hash\", \"kind\", \"client_id\", \"dispatch_id\", \"created_at\", \"redeem_by\", \"expires_at\", \"used_at\", \"used_by_device_id\", \"revoked_at\", \"revoke_reason\", \"bound_to_hash\", \"code_hash\", \"code_expires_at\", \"code_attempts\" FROM \"links\"");
    await queryRunner.query("DROP TABLE \"links\"");
    await queryRunner.query("ALTER TABLE \"temporary_links\" RENAME TO \"links\"");
    await queryRunner.query("CREATE INDEX \"ix_links_expires\" ON \"links\" (\"expires_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_links_dispatch\" ON \"links\" (\"dispatch_id\", \"kind\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_links_token_hash\" ON \"links\" (\"token_hash\") ");
    await queryRunner.query("CREATE INDEX \"ix_links_client_kind\" ON \"links\" (\"client_id\", \"kind\", \"created_at\") ");
    await queryRunner.query("DROP INDEX \"uq_links_token_hash\"");
    await queryRunner.query("DROP INDEX \"ix_device_grants_device\"");
    await queryRunner.query("DROP INDEX \"ix_device_grants_dispatch\"");
    await queryRunner.query("DROP INDEX \"ix_device_grants_expires\"");
    await queryRunner.query("DROP INDEX \"ix_device_grants_revoked\"");
    await queryRunner.query("CREATE TABLE \"temporary_device_grants\" (\"id\" varchar(36) NOT NULL, \"device_id\" varchar(36) NOT NULL, \"dispatch_id\" varchar(36) NOT NULL, \"client_id\" varchar(36) NOT NULL, \"link_id\" varchar(36) NOT NULL, \"granted_at\" datetime(3) NOT NULL, \"expires_at\" datetime(3) NOT NULL, \"revoked_at\" datetime(3), PRIMARY KEY (\"id\", \"expires_at\"))");
    await queryRunner.query("INSERT INTO \"temporary_device_grants\"(\"id\", \"device_id\", \"dispatch_id\", \"client_id\", \"link_id\", \"granted_at\", \"expires_at\", \"revoked_at\") SELECT \"id\", \"device_id\", \"dispatch_id\", \"client_id\", \"link_id\", \"granted_at\", \"expires_at\", \"revoked_at\" FROM \"device_grants\"");
    await queryRunner.query("DROP TABLE \"device_grants\"");
    await queryRunner.query("ALTER TABLE \"temporary_device_grants\" RENAME TO \"device_grants\"");
    await queryRunner.query("CREATE INDEX \"ix_device_grants_device\" ON \"device_grants\" (\"device_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_device_grants_dispatch\" ON \"device_grants\" (\"dispatch_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_device_grants_expires\" ON \"device_grants\" (\"expires_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_device_grants_revoked\" ON \"device_grants\" (\"revoked_at\") ");
    await queryRunner.query("DROP INDEX \"ix_links_expires\"");
    await queryRunner.query("DROP INDEX \"ix_links_dispatch\"");
    await queryRunner.query("DROP INDEX \"ix_links_client_kind\"");
    await queryRunner.query("CREATE TABLE \"temporary_links\" (\"id\" varchar(36) NOT NULL, \"token_hash\" varchar(64) NOT NULL, \"kind\" varchar(16) NOT NULL, \"client_id\" varchar(36) NOT NULL, \"dispatch_id\" varchar(36) NOT NULL, \"created_at\" datetime(3) NOT NULL, \"redeem_by\" datetime(3) NOT NULL, \"expires_at\" datetime(3) NOT NULL, \"used_at\" datetime(3), \"used_by_device_id\" varchar(36), \"revoked_at\" datetime(3), \"revoke_reason\" varchar(16), \"bound_to_hash\" varchar(64), \"code_hash\" varchar(64), \"code_expires_at\" datetime(3), \"code_attempts\" integer NOT NULL DEFAULT (0), PRIMARY KEY (\"id\", \"expires_at\"))");
    await queryRunner.query("INSERT INTO \"temporary_links\"(\"id\", \"token_hash\", \"kind\", \"client_id\", \"dispatch_id\", \"created_at\", \"redeem_by\", \"expires_at\", \"used_at\", \"used_by_device_id\", \"revoked_at\", \"revoke_reason\", \"bound_to_hash\", \"code_hash\", \"code_expires_at\", \"code_attempts\") SELECT \"id\", \"token_hash\", \"kind\", \"client_id\", \"dispatch_id\", \"created_at\", \"redeem_by\", \"expires_at\", \"used_at\", \"used_by_device_id\", \"revoked_at\", \"revoke_reason\", \"bound_to_hash\", \"code_hash\", \"code_expires_at\", \"code_attempts\" FROM \"links\"");
    await queryRunner.query("DROP TABLE \"links\"");
    await queryRunner.query("ALTER TABLE \"temporary_links\" RENAME TO \"links\"");
    await queryRunner.query("CREATE INDEX \"ix_links_expires\" ON \"links\" (\"expires_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_links_dispatch\" ON \"links\" (\"dispatch_id\", \"kind\") ");
    await queryRunner.query("CREATE INDEX \"ix_links_client_kind\" ON \"links\" (\"client_id\", \"kind\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_device_grants_client\" ON \"device_grants\" (\"client_id\", \"device_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_links_token_hash\" ON \"links\" (\"token_hash\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_links_token_hash\"");
    await queryRunner.query("DROP INDEX \"ix_device_grants_client\"");
    await queryRunner.query("DROP INDEX \"ix_links_client_kind\"");
    await queryRunner.query("DROP INDEX \"ix_links_dispatch\"");
    await queryRunner.query("DROP INDEX \"ix_links_expires\"");
    await queryRunner.query("ALTER TABLE \"links\" RENAME TO \"temporary_links\"");
    await queryRunner.query("CREATE TABLE \"links\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"token_hash\" varchar(64) NOT NULL, \"kind\" varchar(16) NOT NULL, \"client_id\" varchar(36) NOT NULL, \"dispatch_id\" varchar(36) NOT NULL, \"created_at\" datetime(3) NOT NULL, \"redeem_by\" datetime(3) NOT NULL, \"expires_at\" datetime(3) NOT NULL, \"used_at\" datetime(3), \"used_by_device_id\" varchar(36), \"revoked_at\" datetime(3), \"revoke_reason\" varchar(16), \"bound_to_hash\" varchar(64), \"code_hash\" varchar(64), \"code_expires_at\" datetime(3), \"code_attempts\" integer NOT NULL DEFAULT (0))");
    await queryRunner.query("INSERT INTO \"links\"(\"id\", \"token_hash\", \"kind\", \"client_id\", \"dispatch_id\", \"created_at\", \"redeem_by\", \"expires_at\", \"used_at\", \"used_by_device_id\", \"revoked_at\", \"revoke_reason\", \"bound_to_hash\", \"code_hash\", \"code_expires_at\", \"code_attempts\") SELECT \"id\", \"token_hash\", \"kind\", \"client_id\", \"dispatch_id\", \"created_at\", \"redeem_by\", \"expires_at\", \"used_at\", \"used_by_device_id\", \"revoked_at\", \"revoke_reason\", \"bound_to_hash\", \"code_hash\", \"code_expires_at\", \"code_attempts\" FROM \"temporary_links\"");
    await queryRunner.query("DROP TABLE \"temporary_links\"");
    await queryRunner.query("CREATE INDEX \"ix_links_client_kind\" ON \"links\" (\"client_id\", \"kind\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_links_dispatch\" ON \"links\" (\"dispatch_id\", \"kind\") ");
    await queryRunner.query("CREATE INDEX \"ix_links_expires\" ON \"links\" (\"expires_at\") ");
    await queryRunner.query("DROP INDEX \"ix_device_grants_revoked\"");
    await queryRunner.query("DROP INDEX \"ix_device_grants_expires\"");
    await queryRunner.query("DROP INDEX \"ix_device_grants_dispatch\"");
    await queryRunner.query("DROP INDEX \"ix_device_grants_device\"");
    await queryRunner.query("ALTER TABLE \"device_grants\" RENAME TO \"temporary_device_grants\"");
    await queryRunner.query("CREATE TABLE \"device_grants\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"device_id\" varchar(36) NOT NULL, \"dispatch_id\" varchar(36) NOT NULL, \"client_id\" varchar(36) NOT NULL, \"link_id\" varchar(36) NOT NULL, \"granted_at\" datetime(3) NOT NULL, \"expires_at\" datetime(3) NOT NULL, \"revoked_at\" datetime(3))");
    await queryRunner.query("INSERT INTO \"device_grants\"(\"id\", \"device_id\", \"dispatch_id\", \"client_id\", \"link_id\", \"granted_at\", \"expires_at\", \"revoked_at\") SELECT \"id\", \"device_id\", \"dispatch_id\", \"client_id\", \"link_id\", \"granted_at\", \"expires_at\", \"revoked_at\" FROM \"temporary_device_grants\"");
    await queryRunner.query("DROP TABLE \"temporary_device_grants\"");
    await queryRunner.query("CREATE INDEX \"ix_device_grants_revoked\" ON \"device_grants\" (\"revoked_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_device_grants_expires\" ON \"device_grants\" (\"expires_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_device_grants_dispatch\" ON \"device_grants\" (\"dispatch_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_device_grants_device\" ON \"device_grants\" (\"device_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_links_token_hash\" ON \"links\" (\"token_hash\") ");
    await queryRunner.query("DROP INDEX \"ix_links_client_kind\"");
    await queryRunner.query("DROP INDEX \"uq_links_token_hash\"");
    await queryRunner.query("DROP INDEX \"ix_links_dispatch\"");
    await queryRunner.query("DROP INDEX \"ix_links_expires\"");
    await queryRunner.query("ALTER TABLE \"links\" RENAME TO \"temporary_links\"");
    await queryRunner.query("CREATE TABLE \"links\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"token_hash\" varchar(64) NOT NULL, \"kind\" varchar(16) NOT NULL, \"client_id\" varchar(36) NOT NULL, \"dispatch_id\" varchar(36) NOT NULL, \"created_at\" datetime(3) NOT NULL, \"redeem_by\" datetime(3) NOT NULL, \"expires_at\" datetime(3) NOT NULL, \"used_at\" datetime(3), \"used_by_device_id\" varchar(36), \"revoked_at\" datetime(3), \"revoke_reason\" varchar(16), \"bound_to_hash\" varchar(64), \"code_hash\" varchar(64), \"code_expires_at\" datetime(3), \"code_attempts\" integer NOT NULL DEFAULT (0), CONSTRAINT \"fk_links_dispatch\" FOREIGN KEY (\"dispatch_id\") REFERENCES \"dispatches\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"fk_links_client\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"links\"(\"id\", \"token_hash\", \"kind\", \"client_id\", \"dispatch_id\", \"created_at\", \"redeem_by\", \"expires_at\", \"used_at\", \"used_by_device_id\", \"revoked_at\", \"revoke_reason\", \"bound_to_hash\", \"code_hash\", \"code_expires_at\", \"code_attempts\") SELECT \"id\", \"token_hash\", \"kind\", \"client_id\", \"dispatch_id\", \"created_at\", \"redeem_by\", \"expires_at\", \"used_at\", \"used_by_device_id\", \"revoked_at\", \"revoke_reason\", \"bound_to_hash\", \"code_hash\", \"code_expires_at\", \"code_attempts\" FROM \"temporary_links\"");
    await queryRunner.query("DROP TABLE \"temporary_links\"");
    await queryRunner.query("CREATE INDEX \"ix_links_client_kind\" ON \"links\" (\"client_id\", \"kind\", \"created_at\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_links_token_hash\" ON \"links\" (\"token_hash\") ");
    await queryRunner.query("CREATE INDEX \"ix_links_dispatch\" ON \"links\" (\"dispatch_id\", \"kind\") ");
    await queryRunner.query("CREATE INDEX \"ix_links_expires\" ON \"links\" (\"expires_at\") ");
    await queryRunner.query("DROP INDEX \"ix_device_grants_revoked\"");
    await queryRunner.query("DROP INDEX \"ix_device_grants_expires\"");
    await queryRunner.query("DROP INDEX \"ix_device_grants_dispatch\"");
    await queryRunner.query("DROP INDEX \"ix_device_grants_device\"");
    await queryRunner.query("ALTER TABLE \"device_grants\" RENAME TO \"temporary_device_grants\"");
    await queryRunner.query("CREATE TABLE \"device_grants\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"device_id\" varchar(36) NOT NULL, \"dispatch_id\" varchar(36) NOT NULL, \"client_id\" varchar(36) NOT NULL, \"link_id\" varchar(36) NOT NULL, \"granted_at\" datetime(3) NOT NULL, \"expires_at\" datetime(3) NOT NULL, \"revoked_at\" datetime(3), CONSTRAINT \"fk_device_grants_client\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"fk_device_grants_dispatch\" FOREIGN KEY (\"dispatch_id\") REFERENCES \"dispatches\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"fk_device_grants_device\" FOREIGN KEY (\"device_id\") REFERENCES \"devices\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"device_grants\"(\"id\", \"device_id\", \"dispatch_id\", \"client_id\", \"link_id\", \"granted_at\", \"expires_at\", \"revoked_at\") SELECT \"id\", \"device_id\", \"dispatch_id\", \"client_id\", \"link_id\", \"granted_at\", \"expires_at\", \"revoked_at\" FROM \"temporary_device_grants\"");
    await queryRunner.query("DROP TABLE \"temporary_device_grants\"");
    await queryRunner.query("CREATE INDEX \"ix_device_grants_revoked\" ON \"device_grants\" (\"revoked_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_device_grants_expires\" ON \"device_grants\" (\"expires_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_device_grants_dispatch\" ON \"device_grants\" (\"dispatch_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_device_grants_device\" ON \"device_grants\" (\"device_id\") ");
  }
}
