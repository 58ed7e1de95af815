/**
 * Upload memory bench (SPEC rule 17: memory stays flat whatever the size).
 *
 *   npm run bench:upload                    # 200 MB
 *   BENCH_UPLOAD_MB=500 npm run bench:upload
 *
 * Starts the real app in this process on a loopback port (SQLite and storage in a temporary
 * folder, mail to files, UPLOAD_MAX_BYTES raised), makes a trusted device by redeeming a real
 * dispatch link, then streams one generated PDF of BENCH_UPLOAD_MB through a real HTTP
 * multipart request while sampling this process's RSS. The client side generates the body
 * lazily too, so the figure is the server's path: busboy → inspector (SHA-256, size, type) →
 * storage. Fails (exit 1) when RSS grows by 50 MB or more.
 */
import 'reflect-metadata';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';

const MB = 1024 * 1024;
const SIZE_MB = Number(process.env.BENCH_UPLOAD_MB ?? 200);
const LIMIT_MB = 50;
const CHUNK = 64 * 1024;

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'portal-bench-'));
  const { createApp } = await import('../apps/api/src/app.factory');
  const app: INestApplication = await createApp({
    NODE_ENV: 'test',
    DATABASE_URL: `sqlite:${join(dir, 'bench.sqlite')}`,
    STORAGE_DIR: join(dir, 'files'),
    MAIL_DIR: join(dir, 'mail'),
    APP_SECRET: randomBytes(32).toString('hex'),
    ADMIN_PASSWORD: 'bench-admin-password-123',
    UPLOAD_MAX_BYTES: String((SIZE_MB + 10) * MB),
    DEMO_DATA: 'false',
    PORTAL_DIR: '',
    LOG_LEVEL: 'warn',
    PUBLIC_URL: 'http://127.0.0.1:3999',
  });
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as import('node:http').Server).address() as AddressInfo;
  try {
    const { cookie, path } = await prepare(app, port);
    const result = await measure(port, path, cookie);
    const files = await readdir(join(dir, 'files'), { recursive: true });
    const stored = await Promise.all(
      files.map(async (f) => {
        const s = await stat(join(dir, 'files', String(f)));
        return s.isFile() ? s.size : 0;
      }),
    );
    const growthMb = (result.peakRss - result.baselineRss) / MB;
    const lines = [
      `upload size:        ${SIZE_MB} MB (${result.status}, ${(result.ms / 1000).toFixed(1)} s, ${(SIZE_MB / (result.ms / 1000)).toFixed(0)} MB/s)`,
      `stored on disk:     ${(stored.reduce((a, b) => a + b, 0) / MB).toFixed(1)} MB, sha256 ${result.sha256 === result.serverSha256 ? 'matches' : 'DIFFERS'}`,
      `RSS baseline:       ${(result.baselineRss / MB).toFixed(1)} MB`,
      `RSS peak:           ${(result.peakRss / MB).toFixed(1)} MB`,
      `RSS growth:         ${growthMb.toFixed(1)} MB (limit ${LIMIT_MB} MB)`,
      `heap used peak:     ${(result.peakHeap / MB).toFixed(1)} MB`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (result.status !== 201 || result.sha256 !== result.serverSha256 || growthMb >= LIMIT_MB) {
      process.stdout.write('FAIL\n');
      process.exitCode = 1;
    } else {
      process.stdout.write('PASS\n');
    }
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** A client, a task with a document request, a dispatch, and the device cookie from redeeming. */
async function prepare(
  app: INestApplication,
  port: number,
): Promise<{ cookie: string; path: string }> {
  const { ClientsService } = await import('../apps/api/src/clients/clients.service');
  const { TasksService } = await import('../apps/api/src/tasks/tasks.service');
  const { DispatchesService } = await import('../apps/api/src/dispatches/dispatches.service');
  const client = await app
    .get(ClientsService)
    .create({ email: 'bench@example.com', name: 'Bench' });
  const task = await app.get(TasksService).create(client.id, {
    title: 'Bench',
    requests: [{ kind: 'document', prompt: 'Upload a big file' }],
  });
  const { linkUrl } = await app.get(DispatchesService).send(client.id, [task.id], null);
  const token = linkUrl.split('/l/')[1];
  const res = await fetch(`http://127.0.0.1:${port}/api/links/redeem`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' },
    body: JSON.stringify({ token }),
  });
  if (res.status !== 200) throw new Error(`redeem answered ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  return { cookie, path: `/api/me/tasks/${task.id}/requests/${task.requests[0].id}/documents` };
}

interface Result {
  status: number;
  ms: number;
  baselineRss: number;
  peakRss: number;
  peakHeap: number;
  sha256: string;
  serverSha256: string;
}

async function measure(port: number, path: string, cookie: string): Promise<Result> {
  global.gc?.();
  await new Promise((r) => setTimeout(r, 200));
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 25);

  const boundary = `bench${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const total = SIZE_MB * MB;
  const hash = createHash('sha256');
  const started = Date.now();

  const { status, body } = await new Promise<{ status: number; body: string }>(
    (resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          headers: {
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': String(head.length + total + tail.length),
            'x-requested-with': 'XMLHttpRequest',
            cookie,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      const chunk = Buffer.alloc(CHUNK, 0x41);
      Buffer.from('%PDF-1.7\n').copy(chunk);
      let sent = 0;
      const pump = (): void => {
        while (sent < total) {
          const piece = sent === 0 ? chunk : chunk.subarray(0, Math.min(CHUNK, total - sent));
          const data = sent === 0 ? piece : piece.fill(0x41, 0, Math.min(9, piece.length));
          hash.update(data);
          sent += data.length;
          if (!req.write(data)) return void req.once('drain', pump);
        }
        req.end(tail);
      };
      req.write(head);
      pump();
    },
  );
  clearInterval(sampler);
  const serverSha256 = status === 201 ? (JSON.parse(body) as { sha256: string }).sha256 : body;
  return {
    status,
    ms: Date.now() - started,
    baselineRss,
    peakRss,
    peakHeap,
    sha256: hash.digest('hex'),
    serverSha256,
  };
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
