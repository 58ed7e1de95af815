import {
  addMonths,
  monthPartitions,
  monthStart,
  partitionByExpiry,
  unpartitionedDefinition,
} from './expiry-partitions';

describe('month partitions by expiry (issue 11, purge)', () => {
  it('starts a month at its first instant, UTC, whatever the time of day or zone', () => {
    expect(monthStart(new Date('2026-11-30T23:59:59.999Z')).toISOString()).toBe(
      '2026-11-01T00:00:00.000Z',
    );
    expect(addMonths(new Date('2026-11-01T00:00:00Z'), 2).toISOString()).toBe(
      '2027-01-01T00:00:00.000Z',
    );
    expect(addMonths(new Date('2026-01-01T00:00:00Z'), -13).toISOString()).toBe(
      '2024-12-01T00:00:00.000Z',
    );
  });

  it('names each partition after the month it holds, bounded by the next month, across a year end', () => {
    expect(
      monthPartitions(new Date('2026-11-17T10:00:00Z'), new Date('2027-01-31T00:00:00Z')),
    ).toBe(
      "PARTITION p202611 VALUES LESS THAN ('2026-12-01'), " +
        "PARTITION p202612 VALUES LESS THAN ('2027-01-01'), " +
        "PARTITION p202701 VALUES LESS THAN ('2027-02-01')",
    );
  });

  it('makes one month when both ends fall in it, and ends the clause with the catch-all', () => {
    expect(
      partitionByExpiry(new Date('2026-02-01T00:00:00Z'), new Date('2026-02-28T23:00:00Z')),
    ).toBe(
      'PARTITION BY RANGE COLUMNS (expires_at) (' +
        "PARTITION p202602 VALUES LESS THAN ('2026-03-01'), " +
        'PARTITION pmax VALUES LESS THAN (MAXVALUE))',
    );
  });

  describe('the swap table made from the table definition', () => {
    const columns =
      '  `id` varchar(36) NOT NULL,\n  `expires_at` datetime(3) NOT NULL,\n' +
      '  PRIMARY KEY (`id`,`expires_at`),\n  KEY `IDX_links_expires` (`expires_at`)\n' +
      ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

    it("keeps MariaDB's columns, keys and table options, renamed, without the partitioning", () => {
      const mariadb =
        `CREATE TABLE \`links\` (\n${columns}\n PARTITION BY RANGE  COLUMNS(\`expires_at\`)\n` +
        "(PARTITION `p202611` VALUES LESS THAN ('2026-12-01 00:00:00') ENGINE = InnoDB,\n" +
        ' PARTITION `pmax` VALUES LESS THAN (MAXVALUE) ENGINE = InnoDB)';
      expect(unpartitionedDefinition(mariadb, 'links', 'links_out_1a2b3c4d')).toBe(
        `CREATE TABLE \`links_out_1a2b3c4d\` (\n${columns}`,
      );
    });

    it("cuts MySQL's versioned comment form as well", () => {
      const mysql =
        `CREATE TABLE \`device_grants\` (\n${columns}\n/*!50500 PARTITION BY RANGE  COLUMNS(expires_at)\n` +
        '(PARTITION pmax VALUES LESS THAN (MAXVALUE) ENGINE = InnoDB) */';
      expect(unpartitionedDefinition(mysql, 'device_grants', 'device_grants_out_0')).toBe(
        `CREATE TABLE \`device_grants_out_0\` (\n${columns}`,
      );
    });

    it('refuses a table that is not partitioned, or a statement of another table', () => {
      const plain = `CREATE TABLE \`links\` (\n${columns}`;
      expect(() => unpartitionedDefinition(plain, 'links', 'links_out_0')).toThrow(
        'links is not partitioned',
      );
      const other = `CREATE TABLE \`links_old\` (\n${columns} PARTITION BY RANGE (x) (PARTITION p VALUES LESS THAN (1))`;
      expect(() => unpartitionedDefinition(other, 'links', 'links_out_0')).toThrow(
        'unexpected definition of links',
      );
    });
  });
});
