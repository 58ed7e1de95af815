import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addMonths, monthStart, partitionByExpiry } from '../../expiry-partitions';

/**
 * Issue 11 (purge): `links` and `device_grants` partitioned by month of expiry
 * (database/expiry-partitions.ts), so the purge drops a month instead of deleting its rows one
 * by one. MariaDB allows no foreign keys on a partitioned table and wants the partition column in
 * every unique key: the keys go, the primary keys become (id, expires_at), the token hash gets a
 * plain index, and device_grants gets its own index on the client (MariaDB's index for the client
 * key did that job). Each table is rebuilt once, in the ALTER that partitions it.
 *
 * The months run from a year back (or the earliest expiry held, if earlier) to the month after
 * next (or the latest expiry held): as far ahead as the purge keeps them with the default 30-day
 * links, so its first pass adds none. That pass drops the empty past ones; from then on the purge
 * keeps months ready ahead.
 * A year back gives history loaded after the upgrade (legacy tasks, the bench's expired links) its
 * own months, so they can be dropped too.
 */
export class PartitionByExpiry1795748015286 implements MigrationInterface {
  name = 'PartitionByExpiry1795748015286';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `device_grants` DROP FOREIGN KEY `fk_device_grants_client`, DROP FOREIGN KEY `fk_device_grants_device`, DROP FOREIGN KEY `fk_device_grants_dispatch`');
    await queryRunner.query('ALTER TABLE `links` DROP FOREIGN KEY `fk_links_client`, DROP FOREIGN KEY `fk_links_dispatch`');
    // An index MariaDB made for a foreign key stays when the key goes (fk_device_grants_client).
    const left = (await queryRunner.query(
      `SELECT DISTINCT TABLE_NAME AS t, INDEX_NAME AS i FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('links', 'device_grants')
          AND INDEX_NAME LIKE 'fk\\_%'`,
    )) as { t: string; i: string }[];
    for (const { t, i } of left) {
      await queryRunner.query(`DROP INDEX \`${i}\` ON \`${t}\``);
    }
    const now = new Date();
    for (const table of ['links', 'device_grants']) {
      const [{ first, last }] = (await queryRunner.query(
        `SELECT MIN(expires_at) AS first, MAX(expires_at) AS last FROM \`${table}\``,
      )) as { first: Date | null; last: Date | null }[];
      const from = new Date(Math.min(first?.getTime() ?? Infinity, addMonths(monthStart(now), -12).getTime()));
      const to = new Date(Math.max(last?.getTime() ?? 0, addMonths(monthStart(now), 2).getTime()));
      const changes =
        table === 'links'
          ? 'DROP INDEX `uq_links_token_hash`, ADD INDEX `ix_links_token_hash` (`token_hash`)'
          : 'ADD INDEX `ix_device_grants_client` (`client_id`, `device_id`)';
      await queryRunner.query(
        `ALTER TABLE \`${table}\` ${changes}, DROP PRIMARY KEY, ADD PRIMARY KEY (\`id\`, \`expires_at\`) ${partitionByExpiry(from, to)}`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `links` REMOVE PARTITIONING');
    await queryRunner.query('ALTER TABLE `device_grants` REMOVE PARTITIONING');
    await queryRunner.query('ALTER TABLE `links` DROP INDEX `ix_links_token_hash`, ADD UNIQUE INDEX `uq_links_token_hash` (`token_hash`), DROP PRIMARY KEY, ADD PRIMARY KEY (`id`)');
    await queryRunner.query('ALTER TABLE `device_grants` DROP INDEX `ix_device_grants_client`, DROP PRIMARY KEY, ADD PRIMARY KEY (`id`)');
    await queryRunner.query("ALTER TABLE `links` ADD CONSTRAINT `fk_links_dispatch` FOREIGN KEY (`dispatch_id`) REFERENCES `dispatches`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `links` ADD CONSTRAINT `fk_links_client` FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `device_grants` ADD CONSTRAINT `fk_device_grants_dispatch` FOREIGN KEY (`dispatch_id`) REFERENCES `dispatches`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `device_grants` ADD CONSTRAINT `fk_device_grants_device` FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `device_grants` ADD CONSTRAINT `fk_device_grants_client` FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
  }
}
