import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BoundAccessLinks1795652845334 implements MigrationInterface {
  name = 'BoundAccessLinks1795652845334';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_links_kind_client\"");
    await queryRunner.query("DROP INDEX \"ix_links_expires\"");
    await queryRunner.query("DROP INDEX \"ix_links_dispatch\"");
    await queryRunner.query("DROP INDEX \"uq_links_token_hash\"");
    await queryRunner.query("CREATE TABLE \"temporary_links\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"token_hash\" varchar(64) NOT NULL, \"kind\" varchar(16) NOT NULL, \"client_id\" varchar(36) NOT NULL, \"dispatch_id\" varchar(36) NOT NULL, \"created_at\" datetime(3) NOT NULL, \"redeem_by\" datetime(3) NOT NULL, \"expires_at\" datetime(3) NOT NULL, \"used_at\" datetime(3), \"used_by_device_id\" varchar(36), \"revoked_at\" datetime(3), \"revoke_reason\" varchar(16), \"bound_to_hash\" varchar(64), \"code_hash\" varchar(64), \"code_expires_at\" datetime(3), \"code_attempts\" integer NOT NULL DEFAULT (0), CONSTRAINT \"fk_links_device\" FOREIGN KEY (\"used_by_device_id\") REFERENCES \"devices\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT \"fk_links_dispatch\" FOREIGN KEY (\"dispatch_id\") REFERENCES \"dispatches\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"fk_links_client\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_links\"(\"id\", \"token_hash\", \"kind\", \"client_id\", \"dispatch_id\", \"created_at\", \"redeem_by\", \"expires_at\", \"used_at\", \"used_by_device_id\", \"revoked_at\", \"revoke_reason\") SELECT \"id\", \"token_hash\", \"kind\", \"client_id\", \"dispatch_id\", \"created_at\", \"redeem_by\", \"expires_at\", \"used_at\", \"used_by_device_id\", \"revoked_at\", \"revoke_reason\" FROM \"links\"");
    await queryRunner.query("DROP TABLE \"links\"");
    await queryRunner.query("ALTER TABLE \"temporary_links\" RENAME TO \"links\"");
    await queryRunner.query("CREATE INDEX \"ix_links_kind_client\" ON \"links\" (\"kind\", \"client_id\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_links_expires\" ON \"links\" (\"expires_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_links_dispatch\" ON \"links\" (\"dispatch_id\", \"kind\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_links_token_hash\" ON \"links\" (\"token_hash\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"uq_links_token_hash\"");
    await queryRunner.query("DROP INDEX \"ix_links_dispatch\"");
    await queryRunner.query("DROP INDEX \"ix_links_expires\"");
    await queryRunner.query("DROP INDEX \"ix_links_kind_client\"");
    await queryRunner.query("ALTER TABLE \"links\" RENAME TO \"temporary_links\"");
    await queryRunner.query("CREATE TABLE \"links\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"token_hash\" varchar(64) NOT NULL, \"kind\" varchar(16) NOT NULL, \"client_id\" varchar(36) NOT NULL, \"dispatch_id\" varchar(36) NOT NULL, \"created_at\" datetime(3) NOT NULL, \"redeem_by\" datetime(3) NOT NULL, \"expires_at\" datetime(3) NOT NULL, \"used_at\" datetime(3), \"used_by_device_id\" varchar(36), \"revoked_at\" datetime(3), \"revoke_reason\" varchar(16), CONSTRAINT \"fk_links_device\" FOREIGN KEY (\"used_by_device_id\") REFERENCES \"devices\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT \"fk_links_dispatch\" FOREIGN KEY (\"dispatch_id\") REFERENCES \"dispatches\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"fk_links_client\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"links\"(\"id\", \"token_hash\", \"kind\", \"client_id\", \"dispatch_id\", \"created_at\", \"redeem_by\", \"expires_at\", \"used_at\", \"used_by_device_id\", \"revoked_at\", \"revoke_reason\") SELECT \"id\", \"token_hash\", \"kind\", \"client_id\", \"dispatch_id\", \"created_at\", \"redeem_by\", \"expires_at\", \"used_at\", \"used_by_device_id\", \"revoked_at\", \"revoke_reason\" FROM \"temporary_links\"");
    await queryRunner.query("DROP TABLE \"temporary_links\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_links_token_hash\" ON \"links\" (\"token_hash\") ");
    await queryRunner.query("CREATE INDEX \"ix_links_dispatch\" ON \"links\" (\"dispatch_id\", \"kind\") ");
    await queryRunner.query("CREATE INDEX \"ix_links_expires\" ON \"links\" (\"expires_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_links_kind_client\" ON \"links\" (\"kind\", \"client_id\", \"created_at\") ");
  }
}
