/**
 * Lab, not a bench (issue 11, redeem): what delivering one queued e-mail costs, the product's
 * outbox worker and mail transport against the bench baseline's bare delivery, with no HTTP load
 * at all. Both run as in `npm run bench` (the built product, its file transport; the baseline's
 * own loop), mail folders on tmpfs. Each round queues N new-device notices (SPEC rule 8), sealed
 * by the product's own Sealer, for one side, then waits until that side has sent them all;
 * rounds alternate A B A B. It prints each side's CPU ms per mail (the server process, every
 * thread, and mariadbd) and mails per second.
 *
 *   npm run build:api && N=2000 ROUNDS=3 npx ts-node -T -P test/tsconfig.json bench/lab/delivery-lab.ts
 *
 * PERF_OUT=/tmp/delivery.data records the product's first counted round with `perf` (3 s).
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Connection, createConnection, type RowDataPacket } from 'mysql2/promise';
import { Sealer } from '../../apps/api/src/common/crypto';
import { createDatabase, scratchParent, startMariaDb } from '../../test/support/mariadb';
import { freePort } from '../../test/support/ports';
import { median, round } from '../lib/load';
import { processCpuMs, type Server, startBaseline, startProduct } from '../lib/processes';
import { sqlTime } from '../lib/seed';

const log = (line: string): void => void process.stdout.write(`${line}\n`);
const DAY_MS = 24 * 60 * 60 * 1000;

interface Round {
  cpuMsPerMail: number;
  databaseCpuMsPerMail: number;
  mailsPerSecond: number;
}

/** N notices for one side: the product's are due at once, the baseline's a day later (its own). */
async function queue(control: Connection, sealer: Sealer, n: number, dueAt: Date): Promise<void> {
  const now = sqlTime(Date.now());
  for (let start = 0; start < n; start += 500) {
    const rows: unknown[][] = [];
    for (let i = start; i < Math.min(n, start + 500); i++) {
      const id = randomUUID();
      const to = `client${i}@example.com`;
      const data = {
        clientName: `Client ${i}`,
        firmName: 'Bench & Partners',
        deviceLabel: 'Chrome on Linux',
        when: '27 Nov 2026, 12:00',
        timeZone: 'UTC',
        automated: false,
      };
      const sealed = sealer.seal(JSON.stringify(data), `mail-outbox\u0000${id}\u0000${to}`);
      rows.push([id, to, 'device-bound', sealed, 'pending', 0, sqlTime(dueAt.getTime()), now]);
    }
    await control.query(
      `INSERT INTO mail_outbox (id, to_address, template, sealed_payload, status, attempts, next_attempt_at, created_at) VALUES ?`,
      [rows],
    );
  }
}

async function pending(control: Connection): Promise<number> {
  const [rows] = await control.query<RowDataPacket[]>(
    "SELECT COUNT(*) AS n FROM mail_outbox WHERE status = 'pending'",
  );
  return Number(rows[0].n);
}

async function deliverRound(
  control: Connection,
  sealer: Sealer,
  server: Server,
  databasePid: number,
  n: number,
  dueAt: Date,
  folder: string,
  /** A perf.data file to record this round's first seconds into (PERF_OUT), or none. */
  profile?: string,
): Promise<Round> {
  const filesBefore = (await readdir(folder).catch(() => [])).length;
  await queue(control, sealer, n, dueAt);
  const recording = profile ? record(server.pid, profile) : null;
  const cpu0 = processCpuMs(server.pid);
  const db0 = processCpuMs(databasePid);
  const t0 = Date.now();
  while ((await pending(control)) > 0) {
    if (Date.now() - t0 > 300_000)
      throw new Error(`${server.name}: mail still pending after 5 min`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (Date.now() - t0) / 1000;
  await recording;
  const files = (await readdir(folder)).length - filesBefore;
  if (files !== n) throw new Error(`${server.name}: ${files} files for ${n} mails`);
  return {
    cpuMsPerMail: (processCpuMs(server.pid) - cpu0) / n,
    databaseCpuMsPerMail: (processCpuMs(databasePid) - db0) / n,
    mailsPerSecond: n / seconds,
  };
}

/**
 * `perf record -g` on the server for 3 s (on-CPU samples, kernel included); with
 * BENCH_PRODUCT_NODE_ARGS=--perf-basic-prof the JavaScript frames have names.
 */
function record(pid: number, out: string): Promise<void> {
  return new Promise((done) => {
    const perf = spawn(
      'perf',
      ['record', '-F', '999', '-g', '-p', String(pid), '-o', out, '--', 'sleep', '3'],
      {
        stdio: 'ignore',
      },
    );
    perf.once('error', (error) => {
      log(`perf: ${error.message}`);
      done();
    });
    perf.once('exit', () => done());
  });
}

async function main(): Promise<void> {
  const n = Number(process.env.N ?? 2000);
  const rounds = Number(process.env.ROUNDS ?? 3);
  const db = await startMariaDb({
    serverArgs: ['--innodb-buffer-pool-size=1G', '--max-connections=300'],
    durable: true,
  });
  const mailRoot = await mkdtemp(join(await scratchParent(), 'portal-delivery-lab-'));
  const dir = await mkdtemp(join(await scratchParent(), 'portal-delivery-lab-run-'));
  const servers: Server[] = [];
  try {
    const databaseUrl = await createDatabase(db.rootUrl);
    const appSecret = randomBytes(32).toString('hex');
    const folders = { product: join(mailRoot, 'product'), baseline: join(mailRoot, 'baseline') };
    const product = await startProduct({
      port: await freePort(),
      databaseUrl,
      dir,
      appSecret,
      adminPassword: 'lab-admin-passphrase-0c41',
      firmName: 'Bench & Partners',
      mailDir: folders.product,
    });
    servers.push(product);
    const baseline = await startBaseline({
      port: await freePort(),
      databaseUrl,
      dir,
      appSecret,
      firmName: 'Bench & Partners',
      mailDir: folders.baseline,
    });
    servers.push(baseline);
    const control = await createConnection({
      uri: databaseUrl.replace(/^mariadb:/, 'mysql:'),
      timezone: 'Z',
    });
    const sealer = new Sealer(appSecret);
    const results: Record<'product' | 'baseline', Round[]> = { product: [], baseline: [] };
    try {
      // A first small round each, not counted: the product loads its mailer on the first mail.
      await deliverRound(control, sealer, product, db.pid(), 50, new Date(), folders.product);
      await deliverRound(
        control,
        sealer,
        baseline,
        db.pid(),
        50,
        new Date(Date.now() + DAY_MS),
        folders.baseline,
      );
      for (let r = 0; r < rounds; r++) {
        for (const [name, server, folder] of [
          ['product', product, folders.product],
          ['baseline', baseline, folders.baseline],
        ] as const) {
          const due = name === 'product' ? new Date() : new Date(Date.now() + DAY_MS);
          const profile = r === 0 && name === 'product' ? process.env.PERF_OUT : undefined;
          const round_ = await deliverRound(
            control,
            sealer,
            server,
            db.pid(),
            n,
            due,
            folder,
            profile,
          );
          results[name].push(round_);
          log(
            `${name}: ${round(round_.cpuMsPerMail, 3)} ms CPU per mail (+ ${round(round_.databaseCpuMsPerMail, 3)} ` +
              `in mariadbd), ${round(round_.mailsPerSecond, 0)} mails/s`,
          );
        }
      }
    } finally {
      await control.end();
    }
    for (const name of ['product', 'baseline'] as const) {
      const rs = results[name];
      log(
        `${name}, median of ${rs.length}: ${round(median(rs.map((x) => x.cpuMsPerMail)), 3)} ms CPU per mail, ` +
          `${round(median(rs.map((x) => x.databaseCpuMsPerMail)), 3)} in mariadbd, ` +
          `${round(median(rs.map((x) => x.mailsPerSecond)), 0)} mails/s`,
      );
    }
  } finally {
    for (const s of servers) await s.stop();
    await db.stop();
    await rm(mailRoot, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
