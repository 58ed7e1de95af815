import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuthAttemptClaims1795631270048 implements MigrationInterface {
  name = 'AuthAttemptClaims1795631270048';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"auth_attempts\" (\"scope\" varchar(16) NOT NULL, \"key_hash\" varchar(64) NOT NULL, \"slot\" integer NOT NULL, \"claim_id\" varchar(36) NOT NULL, \"claimed_at\" datetime(3) NOT NULL, PRIMARY KEY (\"scope\", \"key_hash\", \"slot\"))");
    await queryRunner.query("CREATE INDEX \"ix_auth_attempts_claimed\" ON \"auth_attempts\" (\"claimed_at\") ");
    // Failures counted after the check are replaced by attempts claimed before it (a few
    // minutes of counts are lost once, by design).
    await queryRunner.query("DROP INDEX \"ix_auth_failures_key\"");
    await queryRunner.query("DROP INDEX \"ix_auth_failures_created\"");
    await queryRunner.query("DROP TABLE \"auth_failures\"");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"auth_failures\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"scope\" varchar(16) NOT NULL, \"key_hash\" varchar(64) NOT NULL, \"created_at\" datetime(3) NOT NULL)");
    await queryRunner.query("CREATE INDEX \"ix_auth_failures_created\" ON \"auth_failures\" (\"created_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_auth_failures_key\" ON \"auth_failures\" (\"scope\", \"key_hash\", \"created_at\") ");
    await queryRunner.query("DROP INDEX \"ix_auth_attempts_claimed\"");
    await queryRunner.query("DROP TABLE \"auth_attempts\"");
  }
}
