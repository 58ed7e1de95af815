// Issue 9, item 1, as an operator sees it: the server started the way production starts it
// (apps/api/src/main.ts, its own process) receives the reported upload — a multipart body that
// ends without its closing boundary — from staff and from a client's trusted device, and a
// connection dropped mid-upload. The process answers 400, keeps running, keeps serving, and
// leaves no bytes behind; nothing even reaches the last-resort process guard.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { clientWithTask, pdfBytes, requestOf } from '../factories/client-api';
import { StaffApi } from '../factories/staff-api';
import { TEST_ADMIN, TEST_PUBLIC_URL } from '../support/app';
import { createDatabase, dropDatabase } from '../support/mariadb';
import { freePort } from '../support/ports';
import {
  collect,
  deviceCookie,
  openSocket,
  PART_HEAD,
  requestHead,
  waitFor,
} from '../support/raw-http';

const ROOT = resolve(__dirname, '../..');
const TRUNCATED = `${PART_HEAD}%PDF-1.4\r\n`;

describe('the production server process survives a truncated or dropped upload', () => {
  let dir: string;
  let databaseUrl: string;
  let server: ChildProcess;
  let output = '';
  let base: string;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portal-survives-'));
    databaseUrl =
      process.env.E2E_DB === 'mariadb'
        ? await createDatabase(String(process.env.E2E_MARIADB_ROOT_URL))
        : `sqlite:${join(dir, 'portal.sqlite')}`;
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'apps/api/src/main.ts',
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          PATH: process.env.PATH,
          TS_NODE_PROJECT: join(ROOT, 'test/tsconfig.json'),
          NODE_ENV: 'test',
          PORT: String(port),
          HOST: '127.0.0.1',
          PUBLIC_URL: TEST_PUBLIC_URL,
          APP_SECRET: randomBytes(32).toString('hex'),
          ADMIN_USERNAME: TEST_ADMIN.username,
          ADMIN_PASSWORD: TEST_ADMIN.password,
          SMTP_URL: String(process.env.E2E_SMTP_URL),
          MAIL_FROM: 'Client Portal <portal@firm.test>',
          OUTBOX_POLL_MS: '50',
          // 'log': the process's own "listening" line tells untilServing it holds the port.
          LOG_LEVEL: 'log',
          LOG_FORMAT: 'json',
          DEMO_DATA: 'false',
          PORTAL_DIR: '',
          DATABASE_URL: databaseUrl,
          STORAGE_DIR: join(dir, 'files'),
          UPLOAD_MAX_BYTES: String(256 * 1024),
        },
      },
    );
    server.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    server.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    await untilServing();
  }, 180_000);

  afterAll(async () => {
    // A server that ended on its own is the failure this suite looks for: show why.
    if (server && server.exitCode !== null)
      console.error(`the server exited:\n${output.slice(-8000)}`);
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    if (process.env.E2E_DB === 'mariadb' && databaseUrl) await dropDatabase(databaseUrl);
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * Until this process listens and answers. Its port came from freePort(), so another process
   * may have taken it meanwhile (a parallel suite's server or an outgoing connection): then a
   * health answer could come from that one while this one fails to bind and exits. Only after
   * this process has logged "listening" does an answer on the port come from it.
   */
  async function untilServing(): Promise<void> {
    for (const end = Date.now() + 170_000; Date.now() < end;) {
      if (server.exitCode !== null) throw new Error(`the server exited at start:\n${output}`);
      if (!output.includes('"message":"listening"')) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      try {
        const res = await fetch(`${base}/api/health`);
        if (res.status < 500) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the server did not start:\n${output}`);
  }

  const files = async (): Promise<string[]> =>
    (await readdir(join(dir, 'files'), { recursive: true, withFileTypes: true }).catch(() => []))
      .filter((e) => e.isFile())
      .map((e) => e.name);

  /** Sends `body` as one complete request and returns the raw answer. */
  async function raw(path: string, headers: Record<string, string>, body: string): Promise<string> {
    const socket = await openSocket(port);
    const answer = collect(socket);
    socket.write(requestHead({ path, headers, length: Buffer.byteLength(body) }) + body);
    return answer;
  }

  /** Writes part of a file, waits until its bytes reach storage, then drops the connection. */
  async function dropMidUpload(path: string, headers: Record<string, string>): Promise<void> {
    const socket = await openSocket(port);
    const closed = collect(socket);
    socket.write(requestHead({ path, headers, length: 200_000, close: false }) + TRUNCATED);
    socket.write(pdfBytes(40_000));
    const stored = async () => (await files()).some((f) => f.endsWith('.part'));
    try {
      expect(await waitFor(stored, 15_000)).toBe(true);
    } finally {
      socket.destroy();
    }
    await closed;
  }

  it('answers 400 to staff and to a client, survives dropped connections, and keeps serving', async () => {
    const http = base as unknown as Server; // supertest takes a base URL as well as a server
    const token = (
      (await request(base).post('/api/staff/login').send(TEST_ADMIN).expect(200)).body as {
        token: string;
      }
    ).token;
    const staff = new StaffApi(http, token);
    const { client, task, device } = await clientWithTask(staff, ['document']);
    const staffPath = `/api/admin/clients/${client.id}/tasks/${task.id}/documents`;
    const clientPath = `/api/me/tasks/${task.id}/requests/${requestOf(task, 'document')}/documents`;
    const staffHeaders = { authorization: `Bearer ${token}` };
    const clientHeaders = {
      cookie: deviceCookie(device),
      'x-requested-with': 'XMLHttpRequest',
    };

    for (const [path, headers] of [
      [staffPath, staffHeaders],
      [clientPath, clientHeaders],
    ] as const) {
      const answer = await raw(path, headers, TRUNCATED);
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toContain('"error":"upload_incomplete"');
      expect(server.exitCode).toBeNull();

      await dropMidUpload(path, headers);
      expect(await waitFor(async () => (await files()).length === 0, 15_000)).toBe(true);
      expect(server.exitCode).toBeNull();
    }

    // Still serving: health, and a good upload by each.
    expect((await fetch(`${base}/api/health`)).status).toBeLessThan(500);
    await staff
      .post(staffPath)
      .attach('file', pdfBytes(3000), { filename: 'ok.pdf', contentType: 'application/pdf' })
      .expect(201);
    await device
      .post(clientPath)
      .attach('file', pdfBytes(3000), { filename: 'ok.pdf', contentType: 'application/pdf' })
      .expect(201);
    expect(await files()).toHaveLength(2);
    expect(server.exitCode).toBeNull();
    // The upload path handled every fault itself: nothing reached the process guard.
    expect(output).not.toMatch(/kept serving|Unexpected end of form/);
  }, 120_000);
});
