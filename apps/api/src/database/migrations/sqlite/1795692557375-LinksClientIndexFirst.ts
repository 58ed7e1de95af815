import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LinksClientIndexFirst1795692557375 implements MigrationInterface {
  name = 'LinksClientIndexFirst1795692557375';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_links_kind_client\"");
    await queryRunner.query("CREATE INDEX \"ix_links_client_kind\" ON \"links\" (\"client_id\", \"kind\", \"created_at\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"ix_links_client_kind\"");
    await queryRunner.query("CREATE INDEX \"ix_links_kind_client\" ON \"links\" (\"kind\", \"client_id\", \"created_at\") ");
  }
}
