import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffWorkspaceTemplatesIdempotencyChanges1795665011828 implements MigrationInterface {
  name = 'StaffWorkspaceTemplatesIdempotencyChanges1795665011828';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"idempotency_keys\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"scope\" varchar(80) NOT NULL, \"key_hash\" varchar(64) NOT NULL, \"fingerprint\" varchar(64) NOT NULL, \"state\" varchar(8) NOT NULL, \"status_code\" integer, \"response\" text, \"created_at\" datetime(3) NOT NULL, \"expires_at\" datetime(3) NOT NULL)");
    await queryRunner.query("CREATE INDEX \"ix_idempotency_keys_expires\" ON \"idempotency_keys\" (\"expires_at\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_idempotency_keys_scope_key\" ON \"idempotency_keys\" (\"scope\", \"key_hash\") ");
    await queryRunner.query("CREATE TABLE \"request_changes\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"request_id\" varchar(36) NOT NULL, \"task_id\" varchar(36) NOT NULL, \"note\" text NOT NULL, \"staff_id\" varchar(36) NOT NULL, \"previous_text\" text, \"previous_decision\" varchar(16), \"previous_submitted_at\" datetime(3), \"created_at\" datetime(3) NOT NULL)");
    await queryRunner.query("CREATE INDEX \"ix_request_changes_request\" ON \"request_changes\" (\"request_id\", \"created_at\") ");
    await queryRunner.query("CREATE TABLE \"task_templates\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"name\" varchar(120) NOT NULL, \"title\" varchar(200) NOT NULL, \"description\" text, \"requests\" text NOT NULL, \"due_in_days\" integer, \"statutory\" boolean NOT NULL DEFAULT (0), \"uses\" integer NOT NULL DEFAULT (0), \"created_by_staff_id\" varchar(36), \"created_at\" datetime(3) NOT NULL, \"updated_at\" datetime(3) NOT NULL, \"archived_at\" datetime(3))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_task_templates_name\" ON \"task_templates\" (\"name\") ");
    await queryRunner.query("DROP INDEX \"ix_task_requests_task\"");
    await queryRunner.query("CREATE TABLE \"temporary_task_requests\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"task_id\" varchar(36) NOT NULL, \"position\" integer NOT NULL, \"kind\" varchar(16) NOT NULL, \"prompt\" text NOT NULL, \"status\" varchar(16) NOT NULL, \"completed_at\" datetime(3), \"change_note\" text, CONSTRAINT \"fk_task_requests_task\" FOREIGN KEY (\"task_id\") REFERENCES \"tasks\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_task_requests\"(\"id\", \"task_id\", \"position\", \"kind\", \"prompt\", \"status\", \"completed_at\") SELECT \"id\", \"task_id\", \"position\", \"kind\", \"prompt\", \"status\", \"completed_at\" FROM \"task_requests\"");
    await queryRunner.query("DROP TABLE \"task_requests\"");
    await queryRunner.query("ALTER TABLE \"temporary_task_requests\" RENAME TO \"task_requests\"");
    await queryRunner.query("CREATE INDEX \"ix_task_requests_task\" ON \"task_requests\" (\"task_id\", \"position\") ");
    await queryRunner.query("DROP INDEX \"ix_request_changes_request\"");
    await queryRunner.query("CREATE TABLE \"temporary_request_changes\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"request_id\" varchar(36) NOT NULL, \"task_id\" varchar(36) NOT NULL, \"note\" text NOT NULL, \"staff_id\" varchar(36) NOT NULL, \"previous_text\" text, \"previous_decision\" varchar(16), \"previous_submitted_at\" datetime(3), \"created_at\" datetime(3) NOT NULL, CONSTRAINT \"fk_request_changes_request\" FOREIGN KEY (\"request_id\") REFERENCES \"task_requests\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_request_changes\"(\"id\", \"request_id\", \"task_id\", \"note\", \"staff_id\", \"previous_text\", \"previous_decision\", \"previous_submitted_at\", \"created_at\") SELECT \"id\", \"request_id\", \"task_id\", \"note\", \"staff_id\", \"previous_text\", \"previous_decision\", \"previous_submitted_at\", \"created_at\" FROM \"request_changes\"");
    await queryRunner.query("DROP TABLE \"request_changes\"");
    await queryRunner.query("ALTER TABLE \"temporary_request_changes\" RENAME TO \"request_changes\"");
    await queryRunner.query("CREATE INDEX \"ix_request_changes_request\" ON \"request_changes\" (\"request_id\", \"created_at\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Rebuilding task_requests and request_changes renames them aside: with foreign keys on,
    // request_answers and request_changes would follow the rename and point at a dropped table
    // (see withoutForeignKeys).
    await withoutForeignKeys(queryRunner, async () => {
      await queryRunner.query("DROP INDEX \"ix_request_changes_request\"");
      await queryRunner.query("ALTER TABLE \"request_changes\" RENAME TO \"temporary_request_changes\"");
      await queryRunner.query("CREATE TABLE \"request_changes\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"request_id\" varchar(36) NOT NULL, \"task_id\" varchar(36) NOT NULL, \"note\" text NOT NULL, \"staff_id\" varchar(36) NOT NULL, \"previous_text\" text, \"previous_decision\" varchar(16), \"previous_submitted_at\" datetime(3), \"created_at\" datetime(3) NOT NULL)");
      await queryRunner.query("INSERT INTO \"request_changes\"(\"id\", \"request_id\", \"task_id\", \"note\", \"staff_id\", \"previous_text\", \"previous_decision\", \"previous_submitted_at\", \"created_at\") SELECT \"id\", \"request_id\", \"task_id\", \"note\", \"staff_id\", \"previous_text\", \"previous_decision\", \"previous_submitted_at\", \"created_at\" FROM \"temporary_request_changes\"");
      await queryRunner.query("DROP TABLE \"temporary_request_changes\"");
      await queryRunner.query("CREATE INDEX \"ix_request_changes_request\" ON \"request_changes\" (\"request_id\", \"created_at\") ");
      await queryRunner.query("DROP INDEX \"ix_task_requests_task\"");
      await queryRunner.query("ALTER TABLE \"task_requests\" RENAME TO \"temporary_task_requests\"");
      await queryRunner.query("CREATE TABLE \"task_requests\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"task_id\" varchar(36) NOT NULL, \"position\" integer NOT NULL, \"kind\" varchar(16) NOT NULL, \"prompt\" text NOT NULL, \"status\" varchar(16) NOT NULL, \"completed_at\" datetime(3), CONSTRAINT \"fk_task_requests_task\" FOREIGN KEY (\"task_id\") REFERENCES \"tasks\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
      await queryRunner.query("INSERT INTO \"task_requests\"(\"id\", \"task_id\", \"position\", \"kind\", \"prompt\", \"status\", \"completed_at\") SELECT \"id\", \"task_id\", \"position\", \"kind\", \"prompt\", \"status\", \"completed_at\" FROM \"temporary_task_requests\"");
      await queryRunner.query("DROP TABLE \"temporary_task_requests\"");
      await queryRunner.query("CREATE INDEX \"ix_task_requests_task\" ON \"task_requests\" (\"task_id\", \"position\") ");
      await queryRunner.query("DROP INDEX \"uq_task_templates_name\"");
      await queryRunner.query("DROP TABLE \"task_templates\"");
      await queryRunner.query("DROP INDEX \"ix_request_changes_request\"");
      await queryRunner.query("DROP TABLE \"request_changes\"");
      await queryRunner.query("DROP INDEX \"uq_idempotency_keys_scope_key\"");
      await queryRunner.query("DROP INDEX \"ix_idempotency_keys_expires\"");
      await queryRunner.query("DROP TABLE \"idempotency_keys\"");
    });
  }
}

/**
 * Runs a table rebuild the way SQLite requires (https://sqlite.org/lang_altertable.html): foreign
 * keys off and legacy renames, so renaming a parent aside does not rewrite its children's
 * references to the temporary name (nor cascade deletes when it is dropped). TypeORM turns foreign
 * keys off for `up` but, on undo, only inside the transaction, where the pragma is a no-op; so this
 * commits the (still empty) migration transaction, rebuilds in its own checked transaction and
 * opens a new one for TypeORM to record the undo in. (Copied from BoundAccessLinks: migrations
 * stand alone.)
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
