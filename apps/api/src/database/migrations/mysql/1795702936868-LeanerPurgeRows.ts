import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11 (purge): no foreign key from device_grants.link_id to links (and no index on link_id)
 * and none from links.used_by_device_id to devices (and the index MariaDB made for it): a purged
 * link no longer looks up the grants table, and a link and a grant each have one index entry
 * fewer to insert and delete. The purge deletes a link's grants itself; devices are never deleted.
 */
export class LeanerPurgeRows1795702936868 implements MigrationInterface {
  name = 'LeanerPurgeRows1795702936868';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `device_grants` DROP FOREIGN KEY `fk_device_grants_link`");
    await queryRunner.query("ALTER TABLE `links` DROP FOREIGN KEY `fk_links_device`");
    await queryRunner.query("DROP INDEX `ix_device_grants_link` ON `device_grants`");
    // An index MariaDB made for a foreign key stays when the key goes: fk_links_device always,
    // fk_device_grants_link after PurgeAndOutboxIndexes was undone and run again.
    const left = (await queryRunner.query(
      `SELECT DISTINCT TABLE_NAME AS t, INDEX_NAME AS i FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE()
          AND ((TABLE_NAME = 'links' AND INDEX_NAME = 'fk_links_device')
            OR (TABLE_NAME = 'device_grants' AND INDEX_NAME = 'fk_device_grants_link'))`,
    )) as { t: string; i: string }[];
    for (const { t, i } of left) {
      await queryRunner.query(`DROP INDEX \`${i}\` ON \`${t}\``);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX `ix_device_grants_link` ON `device_grants` (`link_id`)");
    await queryRunner.query("ALTER TABLE `links` ADD CONSTRAINT `fk_links_device` FOREIGN KEY (`used_by_device_id`) REFERENCES `devices`(`id`) ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `device_grants` ADD CONSTRAINT `fk_device_grants_link` FOREIGN KEY (`link_id`) REFERENCES `links`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
  }
}
