/**
 * Lab, not a bench (issue 11, purge): how fast can the purge's own statements delete expired
 * links on MariaDB with nothing in between? No HTTP, no ORM, no other load: the product's
 * schema (its migrations, by starting the built product once), the bench's seed at a size, N
 * expired links (with a grant for every other one), then the statements the purge issues
 * (links/purge.job.ts, devices.service.ts) from one connection, batch after batch of 1,000,
 * each phase timed. If this floor is already over the target, the statements are not what to
 * tune; the storage is.
 *
 *   N=1000000 SIZE=large npx ts-node -T -P test/tsconfig.json -r tsconfig-paths/register \
 *     bench/lab/purge-floor.ts
 *
 * Same MariaDB settings as `npm run bench` (on disk, durable defaults, 2 GB buffer pool).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createConnection,
  type Connection,
  type ResultSetHeader,
  type RowDataPacket,
} from 'mysql2/promise';
import { createDatabase, startMariaDb } from '../../test/support/mariadb';
import { startProduct } from '../lib/processes';
import { seed, seedExpiredLinks, sqlTime } from '../lib/seed';
import { SIZES, type SizeName } from '../lib/sizes';

const BATCH = 1000;
const DAY_MS = 86_400_000;

interface Phases {
  select: number;
  grants: number;
  links: number;
  commit: number;
}

async function status(c: Connection): Promise<Record<string, string>> {
  const [rows] = await c.query<RowDataPacket[]>(
    `SHOW GLOBAL STATUS WHERE Variable_name IN
      ('Innodb_buffer_pool_reads', 'Innodb_buffer_pool_read_requests', 'Innodb_data_fsyncs')`,
  );
  return Object.fromEntries(rows.map((r) => [String(r.Variable_name), String(r.Value)]));
}

/** deleteEndedGrants: the ids of a batch of grants past the cutoff, then a delete by id. */
async function purgeGrants(c: Connection, cutoff: string): Promise<number> {
  let total = 0;
  for (;;) {
    const [rows] = await c.query<RowDataPacket[]>(
      'SELECT id FROM device_grants WHERE expires_at < ? LIMIT ?',
      [cutoff, BATCH],
    );
    if (rows.length === 0) return total;
    const [done] = await c.query<ResultSetHeader>('DELETE FROM device_grants WHERE id IN (?)', [
      rows.map((r) => String(r.id)),
    ]);
    total += done.affectedRows;
    if (rows.length < BATCH) return total;
  }
}

/** deleteExpired: a batch of expired links, their grants by dispatch, the links, one commit. */
async function purgeLinks(c: Connection, cutoff: string, phases: Phases): Promise<number> {
  let total = 0;
  let mark = Date.now();
  const lap = (phase: keyof Phases): void => {
    const now = Date.now();
    phases[phase] += now - mark;
    mark = now;
  };
  for (;;) {
    mark = Date.now();
    const [rows] = await c.query<RowDataPacket[]>(
      'SELECT id, dispatch_id FROM links WHERE expires_at < ? LIMIT ?',
      [cutoff, BATCH],
    );
    lap('select');
    if (rows.length === 0) return total;
    const ids = rows.map((r) => String(r.id));
    await c.beginTransaction();
    await c.query('DELETE FROM device_grants WHERE dispatch_id IN (?) AND link_id IN (?)', [
      [...new Set(rows.map((r) => String(r.dispatch_id)))],
      ids,
    ]);
    lap('grants');
    const [done] = await c.query<ResultSetHeader>('DELETE FROM links WHERE id IN (?)', [ids]);
    lap('links');
    await c.commit();
    lap('commit');
    total += done.affectedRows;
    if (total % 100_000 === 0) log(`   ${total} links…`);
    if (rows.length < BATCH) return total;
  }
}

const log = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const count = Number(process.env.N ?? 300_000);
  const size = SIZES[(process.env.SIZE ?? 'small') as SizeName];
  const db = await startMariaDb({
    serverArgs: ['--innodb-buffer-pool-size=2G', '--max-connections=300'],
    durable: true,
  });
  const dir = await mkdtemp(join(tmpdir(), 'purge-floor-'));
  try {
    const url = await createDatabase(db.rootUrl);
    const product = await startProduct({
      port: Number(process.env.LAB_PORT ?? 3499),
      databaseUrl: url,
      dir,
      appSecret: 'lab'.repeat(22),
      adminPassword: 'lab-admin-passphrase-1',
      firmName: 'Lab',
    });
    await product.stop(); // its migrations made the schema; nothing else runs from here
    const c = await createConnection({ uri: url.replace(/^mariadb:/, 'mysql:'), timezone: 'Z' });
    try {
      const fixture = await seed(c, size);
      let t0 = Date.now();
      await seedExpiredLinks(c, fixture, count);
      log(`${size.name} seed + ${count} expired links (seeded in ${(Date.now() - t0) / 1000} s)`);
      const cutoff = sqlTime(Date.now() - 30 * DAY_MS);
      t0 = Date.now();
      const grants = await purgeGrants(c, cutoff);
      log(`grants: ${grants} in ${(Date.now() - t0) / 1000} s`);
      const before = await status(c);
      const phases: Phases = { select: 0, grants: 0, links: 0, commit: 0 };
      t0 = Date.now();
      const links = await purgeLinks(c, cutoff, phases);
      const after = await status(c);
      log(
        `links: ${links} in ${(Date.now() - t0) / 1000} s (ms: select ${phases.select}, ` +
          `grants by link ${phases.grants}, delete ${phases.links}, commit ${phases.commit}); ` +
          `buffer pool misses ${Number(after.Innodb_buffer_pool_reads) - Number(before.Innodb_buffer_pool_reads)} of ` +
          `${Number(after.Innodb_buffer_pool_read_requests) - Number(before.Innodb_buffer_pool_read_requests)} reads, ` +
          `${Number(after.Innodb_data_fsyncs) - Number(before.Innodb_data_fsyncs)} fsyncs`,
      );
    } finally {
      await c.end();
    }
  } finally {
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
