/**
 * Lab, not a bench (issue 11, dashboard latency at 1M rows): what the dashboard statement costs in
 * MariaDB alone, one statement after another, at the bench's two sizes: how much of the dashboard's
 * latency growth from 10k to 1M tasks is the statement's own. Both sizes are seeded (as `npm run bench` seeds them) into two databases of one server (same
 * settings as the bench); then, for a heavy client's device (3 dispatches, 150 open + 150
 * completed), the product's dashboard statement runs `ROUNDS` × `BATCH` times on one connection.
 * Printed per size: its plan, p50 and p99 of the round trip and MariaDB's CPU per statement (from
 * /proc), then large ÷ small.
 *
 *   npx ts-node -T -P test/tsconfig.json -r tsconfig-paths/register bench/lab/dashboard-lab.ts
 */
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { createDatabase, startMariaDb } from '../../test/support/mariadb';
import { MYSQL_MIGRATIONS } from '../../apps/api/src/database/migrations/mysql';
import { dashboardStatement } from '../../apps/api/src/tasks/tasks.service';
import { seed } from '../lib/seed';
import { SIZES, type SizeName } from '../lib/sizes';

const log = (line: string): void => void process.stdout.write(`${line}\n`);
const ROUNDS = Number(process.env.ROUNDS ?? 10);
const BATCH = Number(process.env.BATCH ?? 100);

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** The device's dispatches (its grants), as the product's device authentication finds them. */
async function dispatchesOf(c: Connection, clientId: string): Promise<string[]> {
  const [grants] = await c.query<RowDataPacket[]>(
    'SELECT DISTINCT dispatch_id FROM device_grants WHERE client_id = ? AND revoked_at IS NULL',
    [clientId],
  );
  return grants.map((g) => String(g.dispatch_id));
}

async function main(): Promise<void> {
  const db = await startMariaDb({ serverArgs: ['--innodb-buffer-pool-size=2G'], durable: true });
  const pid = db.pid();
  const results: Record<string, Record<string, { p50: number; p99: number; cpu: number }>> = {};
  try {
    for (const sizeName of (process.env.SIZES ?? 'small,large').split(',') as SizeName[]) {
      const url = (await createDatabase(db.rootUrl)).replace(/^mariadb:/, 'mysql:');
      const ds = new DataSource({ type: 'mariadb', url, migrations: MYSQL_MIGRATIONS });
      await ds.initialize();
      await ds.runMigrations();
      await ds.destroy();
      const c = await createConnection({ uri: url, timezone: 'Z', dateStrings: true });
      const fixture = await seed(c, SIZES[sizeName]);
      log(`${sizeName}: seeded in ${fixture.seconds.toFixed(1)} s`);
      const list = [
        {
          name: 'dashboard',
          ...dashboardStatement({ dispatchIds: await dispatchesOf(c, fixture.heavy[0].clientId) }),
        },
      ];
      for (const v of list) {
        const [plan] = await c.query<RowDataPacket[]>(`EXPLAIN ${v.sql}`, v.params);
        log(`  ${v.name}: ${plan.map((p) => `${p.table}/${p.type}/${p.key}/${p.rows}`).join(' ')}`);
        const [rows] = await c.query<RowDataPacket[]>(v.sql, v.params);
        log(`  ${v.name}: ${rows.length} rows`);
      }
      const times = new Map<string, number[]>(list.map((v) => [v.name, []]));
      const cpu = new Map<string, number>(list.map((v) => [v.name, 0]));
      for (let round = 0; round < ROUNDS; round++) {
        for (const v of list) {
          const before = cpuMs(pid);
          for (let i = 0; i < BATCH; i++) {
            const t = process.hrtime.bigint();
            await c.query(v.sql, v.params);
            times.get(v.name)!.push(Number(process.hrtime.bigint() - t) / 1e6);
          }
          cpu.set(v.name, cpu.get(v.name)! + cpuMs(pid) - before);
        }
      }
      results[sizeName] = {};
      for (const v of list) {
        const sorted = times.get(v.name)!.sort((a, b) => a - b);
        const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
        results[sizeName][v.name] = {
          p50: q(0.5),
          p99: q(0.99),
          cpu: cpu.get(v.name)! / sorted.length,
        };
        const r = results[sizeName][v.name];
        log(
          `  ${v.name}: p50 ${r.p50.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms, MariaDB CPU ${r.cpu.toFixed(3)} ms`,
        );
      }
      await c.end();
    }
    if (results.small && results.large) {
      for (const name of Object.keys(results.small)) {
        const s = results.small[name];
        const l = results.large[name];
        log(
          `large ÷ small, ${name}: p50 ${(l.p50 / s.p50).toFixed(2)}, p99 ${(l.p99 / s.p99).toFixed(2)}, CPU ${(l.cpu / s.cpu).toFixed(2)}`,
        );
      }
    }
  } finally {
    await db.stop();
  }
}

void main();
