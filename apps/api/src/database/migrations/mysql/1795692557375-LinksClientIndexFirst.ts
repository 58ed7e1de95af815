import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11 (purge): `ix_links_kind_client` becomes `ix_links_client_kind` (client first). MariaDB
 * then drops the index it had made for the client foreign key (`fk_links_client`), as the new
 * one serves it: one index less for every link inserted or purged.
 */
export class LinksClientIndexFirst1795692557375 implements MigrationInterface {
  name = 'LinksClientIndexFirst1795692557375';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX `ix_links_client_kind` ON `links` (`client_id`, `kind`, `created_at`)',
    );
    await queryRunner.query('DROP INDEX `ix_links_kind_client` ON `links`');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The foreign key needs an index on client_id before the one serving it can go.
    await queryRunner.query('CREATE INDEX `fk_links_client` ON `links` (`client_id`)');
    await queryRunner.query(
      'CREATE INDEX `ix_links_kind_client` ON `links` (`kind`, `client_id`, `created_at`)',
    );
    await queryRunner.query('DROP INDEX `ix_links_client_kind` ON `links`');
  }
}
