/**
 * Lab, not a bench (issue 11, purge): what partitioning `links` by expiry would cost and give,
 * on bare SQL in MariaDB (same settings as `npm run bench`). Two tables with the columns and
 * indexes `links` has, 2 × N rows each (N live, expiring over the next 30 days; N expired in one
 * month long ago): `plain` as today (primary key id, unique token hash) and `part`, partitioned by
 * RANGE COLUMNS (expires_at), one partition a month over 19 months and a catch-all, as MariaDB
 * needs it (the partition column in every unique key: primary key (id, expires_at), the token
 * hash a plain index; no foreign keys). It prints:
 *   - token lookups (SELECT * by token hash, as link status does), 20,000 at random, on each
 *     table, two rounds (the first warms the buffer pool): what probing every partition costs;
 *   - DROP PARTITION of the expired month, timed, with a second connection looking tokens up
 *     all along (p99 and the worst wait before and during it).
 *
 *   N=1000000 npx ts-node -T -P test/tsconfig.json bench/lab/partition-lab.ts
 */
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { createDatabase, startMariaDb } from '../../test/support/mariadb';

const log = (line: string): void => void process.stdout.write(`${line}\n`);

async function lookups(
  c: Connection,
  table: string,
  count: number,
  max: number,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const n = 1 + Math.floor(Math.random() * max);
    const t = process.hrtime.bigint();
    await c.query(`SELECT * FROM ${table} WHERE token_hash = SHA2(?, 256)`, [String(n)]);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times.sort((a, b) => a - b);
}

const quantile = (sorted: number[], p: number): string =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))].toFixed(3);

/** Partition `pYYYYMM` holds the expiries of that month. */
function monthlyPartitions(from: Date, months: number): { name: string; sql: string }[] {
  const list: { name: string; sql: string }[] = [];
  for (let m = 0; m < months; m++) {
    const start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + m, 1));
    const end = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + m + 1, 1));
    const name = `p${start.toISOString().slice(0, 7).replace('-', '')}`;
    list.push({
      name,
      sql: `PARTITION ${name} VALUES LESS THAN ('${end.toISOString().slice(0, 10)}')`,
    });
  }
  return list;
}

async function main(): Promise<void> {
  const n = Number(process.env.N ?? 1_000_000);
  const db = await startMariaDb({ serverArgs: ['--innodb-buffer-pool-size=2G'], durable: true });
  try {
    const url = (await createDatabase(db.rootUrl)).replace(/^mariadb:/, 'mysql:');
    const c = await createConnection({ uri: url, timezone: 'Z' });
    const c2 = await createConnection({ uri: url, timezone: 'Z' });
    try {
      const now = new Date();
      const expiredMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, 1));
      const partitions = monthlyPartitions(
        new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 4, 1)),
        19,
      );
      const cols = `id varchar(36) NOT NULL, token_hash varchar(64) NOT NULL, kind varchar(16) NOT NULL,
        client_id varchar(36) NOT NULL, dispatch_id varchar(36) NOT NULL, created_at datetime(3) NOT NULL,
        expires_at datetime(3) NOT NULL, used_at datetime(3) NULL`;
      const indexes = `INDEX ix_dispatch (dispatch_id, kind), INDEX ix_expires (expires_at),
        INDEX ix_client (client_id, kind, created_at)`;
      await c.query(
        `CREATE TABLE plain (${cols}, PRIMARY KEY (id), UNIQUE INDEX uq_token (token_hash), ${indexes}) ENGINE=InnoDB`,
      );
      await c.query(
        `CREATE TABLE part (${cols}, PRIMARY KEY (id, expires_at), INDEX ix_token (token_hash), ${indexes})
         ENGINE=InnoDB PARTITION BY RANGE COLUMNS (expires_at)
         (${partitions.map((p) => p.sql).join(', ')}, PARTITION pmax VALUES LESS THAN (MAXVALUE))`,
      );
      const expiredStart = expiredMonth.toISOString().slice(0, 10);
      for (const table of ['plain', 'part']) {
        const t0 = Date.now();
        await c.query(
          `INSERT INTO ${table} SELECT UUID(), SHA2(seq, 256), 'dispatch', LPAD(seq % 10000, 36, '0'),
             LPAD(seq % 300000, 36, '0'), NOW(3) - INTERVAL 1 DAY, NOW(3) + INTERVAL (seq % 2592000) SECOND,
             NULL FROM seq_1_to_${n}`,
        );
        await c.query(
          `INSERT INTO ${table} SELECT UUID(), SHA2(seq + ${n}, 256), 'dispatch', LPAD(seq % 10000, 36, '0'),
             LPAD(seq % 300000, 36, '0'), TIMESTAMP(?) - INTERVAL 30 DAY,
             TIMESTAMP(?) + INTERVAL (seq % 2000000) SECOND, NULL FROM seq_1_to_${n}`,
          [expiredStart, expiredStart],
        );
        await c.query(`ANALYZE TABLE ${table}`);
        log(`${table}: ${2 * n} rows in ${(Date.now() - t0) / 1000} s`);
      }
      for (let round = 1; round <= 2; round++) {
        for (const table of ['plain', 'part']) {
          const times = await lookups(c, table, 20_000, 2 * n);
          log(
            `round ${round}, ${table}: token lookups p50 ${quantile(times, 0.5)} ms, p99 ${quantile(times, 0.99)} ms`,
          );
        }
      }
      const [plan] = await c.query<RowDataPacket[]>(
        `EXPLAIN PARTITIONS SELECT * FROM part WHERE token_hash = SHA2('5', 256)`,
      );
      log(`plan: ${JSON.stringify(plan)}`);
      const name = `p${expiredStart.slice(0, 7).replace('-', '')}`;
      let stop = false;
      const seen: number[] = [];
      const background = (async () => {
        while (!stop) seen.push(...(await lookups(c2, 'part', 50, 2 * n)));
      })();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const before = seen.length;
      const [count] = await c.query<RowDataPacket[]>(
        `SELECT COUNT(*) AS n FROM part PARTITION (${name})`,
      );
      const t0 = Date.now();
      await c.query(`ALTER TABLE part DROP PARTITION ${name}`);
      log(`DROP PARTITION ${name} (${count[0].n} rows): ${(Date.now() - t0) / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      stop = true;
      await background;
      const a = seen.slice(0, before).sort((x, y) => x - y);
      const b = seen.slice(before).sort((x, y) => x - y);
      log(
        `lookups alongside: before p99 ${quantile(a, 0.99)} ms, worst ${a[a.length - 1].toFixed(1)} ms; ` +
          `during and after p99 ${quantile(b, 0.99)} ms, worst ${b[b.length - 1].toFixed(1)} ms`,
      );
    } finally {
      await c.end();
      await c2.end();
    }
  } finally {
    await db.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
