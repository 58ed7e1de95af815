import { addMonths, monthPartitions, monthStart, partitionByExpiry } from './expiry-partitions';

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
});
