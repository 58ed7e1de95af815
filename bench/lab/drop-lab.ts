/**
 * Lab, not a bench (issue 11, purge): how long writes to a month-partitioned table wait while the
 * purge takes a month of N expired rows away, two ways, on bare SQL in MariaDB (the bench's
 * settings): `DROP PARTITION` of the full month, against `EXCHANGE PARTITION` with an empty
 * unpartitioned copy, `DROP TABLE` of that copy and `DROP PARTITION` of the month left empty.
 * A second connection updates live rows by token hash all along (as redeem does); the lab prints
 * each statement's time and the writes' worst wait while it ran.
 *
 *   N=1000000 npx ts-node -T -P test/tsconfig.json bench/lab/drop-lab.ts
 *
 * DATA_PARENT=/dev/shm puts the data dir in RAM with the same durable settings: what is left of a
 * wait then is the server's, not the disk's. DATA_PARENT=<a folder on another filesystem> (say an
 * ext4 mounted without online discard) compares filesystems; the lab prints the one it ran on.
 *
 * Last, a third month is swapped out and its table dropped while a hard link keeps the file; the
 * file is then removed by another process (`rm`), outside MariaDB. When the writes wait as long
 * behind that `rm` as behind a plain `DROP TABLE`, the wait is the filesystem's deleting of the
 * file, not anything MariaDB holds.
 */
import { execFile } from 'node:child_process';
import { link, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { createDatabase, startMariaDb } from '../../test/support/mariadb';
import { filesystemOf, filesystemText } from '../lib/filesystem';

const run = promisify(execFile);

const log = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const n = Number(process.env.N ?? 1_000_000);
  const live = 200_000;
  // DATA_PARENT=/dev/shm: the same durable settings with the data dir in RAM (no disk waits).
  // One folder, named here, for the server and for the line that says which filesystem it is on.
  const parent = process.env.DATA_PARENT ?? tmpdir();
  const db = await startMariaDb({
    serverArgs: ['--innodb-buffer-pool-size=2G'],
    durable: true,
    dataParent: parent,
  });
  log(`data dir under ${filesystemText(parent, filesystemOf(parent))}`);
  try {
    const url = (await createDatabase(db.rootUrl)).replace(/^mariadb:/, 'mysql:');
    const c = await createConnection({ uri: url, timezone: 'Z' });
    const w = await createConnection({ uri: url, timezone: 'Z' });
    try {
      await c.query(
        `CREATE TABLE part (id varchar(36) NOT NULL, token_hash varchar(64) NOT NULL,
          client_id varchar(36) NOT NULL, dispatch_id varchar(36) NOT NULL,
          expires_at datetime(3) NOT NULL, used_at datetime(3) NULL,
          PRIMARY KEY (id, expires_at), INDEX ix_token (token_hash), INDEX ix_expires (expires_at),
          INDEX ix_client (client_id), INDEX ix_dispatch (dispatch_id)) ENGINE=InnoDB
         PARTITION BY RANGE COLUMNS (expires_at) (
           PARTITION p1 VALUES LESS THAN ('2020-02-01'), PARTITION p2 VALUES LESS THAN ('2020-03-01'),
           PARTITION p3 VALUES LESS THAN ('2020-04-01'), PARTITION plive VALUES LESS THAN ('2100-01-01'), PARTITION pmax VALUES LESS THAN (MAXVALUE))`,
      );
      const t0 = Date.now();
      await c.query(
        `INSERT INTO part SELECT UUID(), SHA2(seq, 256), LPAD(seq % 10000, 36, '0'),
           LPAD(seq % 300000, 36, '0'), '2030-01-01' + INTERVAL seq SECOND, NULL FROM seq_1_to_${live}`,
      );
      for (const [month, offset] of [
        ['2020-01-01', 1_000_000_000],
        ['2020-02-01', 2_000_000_000],
        ['2020-03-01', 3_000_000_000],
      ] as const) {
        await c.query(
          `INSERT INTO part SELECT UUID(), SHA2(seq + ${offset}, 256), LPAD(seq % 10000, 36, '0'),
             LPAD(seq % 300000, 36, '0'), TIMESTAMP('${month}') + INTERVAL (seq % 2000000) SECOND, NULL
           FROM seq_1_to_${n}`,
        );
      }
      log(`${live} live + 3 × ${n} expired rows in ${(Date.now() - t0) / 1000} s`);

      let stop = false;
      const waits: { at: number; ms: number }[] = [];
      const writer = (async () => {
        while (!stop) {
          const k = 1 + Math.floor(Math.random() * live);
          const t = process.hrtime.bigint();
          await w.query('UPDATE part SET used_at = NOW(3) WHERE token_hash = SHA2(?, 256)', [
            String(k),
          ]);
          waits.push({ at: Date.now(), ms: Number(process.hrtime.bigint() - t) / 1e6 });
        }
      })();
      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      const timed = async (
        sql: string,
        work: () => Promise<unknown> = () => c.query(sql),
      ): Promise<void> => {
        const from = Date.now();
        await work();
        const to = Date.now();
        await pause(300);
        const during = waits.filter((x) => x.at >= from && x.at <= to + 300).map((x) => x.ms);
        log(
          `${(to - from).toString().padStart(5)} ms  ${sql.replace(/\s+/g, ' ')}  — writes alongside: ` +
            `${during.length}, worst ${Math.max(0, ...during).toFixed(1)} ms`,
        );
      };
      await pause(2000);
      const quiet = waits.map((x) => x.ms).sort((a, b) => a - b);
      log(
        `writes before: p50 ${quiet[Math.floor(quiet.length / 2)].toFixed(2)} ms, worst ${quiet[quiet.length - 1].toFixed(1)} ms`,
      );

      log('-- DROP PARTITION of a full month');
      await timed('ALTER TABLE part DROP PARTITION p1');
      log(
        '-- EXCHANGE with an empty copy, DROP TABLE of the copy, DROP PARTITION of the empty month',
      );
      await timed('CREATE TABLE part_out LIKE part');
      await timed('ALTER TABLE part_out REMOVE PARTITIONING');
      // The purge counts a month's rows before it swaps the month out (expiry-partitions.ts).
      await timed('SELECT COUNT(*) FROM part PARTITION (p2)');
      await timed('ALTER TABLE part EXCHANGE PARTITION p2 WITH TABLE part_out');
      await timed('DROP TABLE part_out');
      await timed('ALTER TABLE part DROP PARTITION p2');
      log('-- the same, with the month file kept by a hard link, then removed by `rm`');
      const [[where]] = await c.query<RowDataPacket[]>(
        'SELECT @@datadir AS dir, DATABASE() AS name',
      );
      const file = join(String(where.dir), String(where.name), 'part_out.ibd');
      const kept = join(String(where.dir), 'part_out.kept'); // removed with the data dir
      await timed('CREATE TABLE part_out LIKE part');
      await timed('ALTER TABLE part_out REMOVE PARTITIONING');
      await timed('ALTER TABLE part EXCHANGE PARTITION p3 WITH TABLE part_out');
      log(`   part_out.ibd: ${((await stat(file)).size / 1e6).toFixed(0)} MB`);
      await link(file, kept);
      await timed('DROP TABLE part_out (its file kept)', () => c.query('DROP TABLE part_out'));
      await timed(`rm ${kept} (another process)`, () => run('rm', [kept]));
      await timed('ALTER TABLE part DROP PARTITION p3');
      stop = true;
      await writer;
    } finally {
      await c.end();
      await w.end();
    }
  } finally {
    await db.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
