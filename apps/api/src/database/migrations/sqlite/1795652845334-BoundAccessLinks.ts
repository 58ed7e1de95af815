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
    // Rebuilding links renames it aside: with foreign keys on, device_grants would follow the
    // rename and lose its rows when the old table is dropped (see withoutForeignKeys).
    await withoutForeignKeys(queryRunner, async () => {
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
