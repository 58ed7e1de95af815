// Issue 9, item 1 on an S3-compatible store (npm s3rver on a loopback port): a body that ends
// before its closing boundary, also after a first 5 MB part already went to the bucket, and a
// connection dropped while a multipart upload to the bucket is under way. Each answers 400 (or,
// dropped, nothing), leaves no object and no row, lets nothing escape to the process, and the
// next upload succeeds — as staff and as a client.
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import type request from 'supertest';
import { DataSource } from 'typeorm';
import { clientWithTask, pdfBytes, requestOf } from '../factories/client-api';
import { StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';
import {
  collect,
  deviceCookie,
  listenLocally,
  openSocket,
  PART_HEAD,
  requestHead,
  same,
  waitFor,
} from '../support/raw-http';

// s3rver ships no types; this is the part of it the spec uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
};

const BUCKET = 'portal-documents';
const KEYS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const MB = 1024 * 1024;

interface Actor {
  path: string;
  headers: Record<string, string>;
  good(): request.Test;
}

describe('upload faults on an S3-compatible store', () => {
  let s3dir: string;
  let server: InstanceType<typeof S3rver>;
  let s3: S3Client;
  let t: TestApp;
  let port: number;
  let db: DataSource;
  const actors = {} as Record<'staff' | 'client', Actor>;
  const escaped: unknown[] = [];
  const record = (error: unknown): void => {
    escaped.push(error);
  };

  beforeAll(async () => {
    process.on('uncaughtException', record);
    process.on('unhandledRejection', record);
    s3dir = await mkdtemp(join(tmpdir(), 'portal-s3rver-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3dir });
    const endpoint = `http://127.0.0.1:${(await server.run()).port}`;
    s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: KEYS });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    t = await createTestApp({
      STORAGE_S3_URL: endpoint,
      STORAGE_S3_BUCKET: BUCKET,
      STORAGE_S3_ACCESS_KEY_ID: KEYS.accessKeyId,
      STORAGE_S3_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
      UPLOAD_MAX_BYTES: String(12 * MB),
    });
    db = t.app.get(DataSource);
    port = await listenLocally(t.http);
    const staff = await StaffApi.signIn(t.http);
    const { client, task, device } = await clientWithTask(staff, ['document']);
    const staffPath = `/api/admin/clients/${client.id}/tasks/${task.id}/documents`;
    const clientPath = `/api/me/tasks/${task.id}/requests/${requestOf(task, 'document')}/documents`;
    const file = { filename: 'ok.pdf', contentType: 'application/pdf' };
    actors.staff = {
      path: staffPath,
      headers: { authorization: `Bearer ${staff.token}` },
      good: () => staff.post(staffPath).attach('file', pdfBytes(4000), file),
    };
    actors.client = {
      path: clientPath,
      headers: { cookie: deviceCookie(device), 'x-requested-with': 'XMLHttpRequest' },
      good: () => device.post(clientPath).attach('file', pdfBytes(4000), file),
    };
  }, 60_000);
  afterAll(async () => {
    process.off('uncaughtException', record);
    process.off('unhandledRejection', record);
    await t?.close();
    s3?.destroy();
    await server?.close();
    await rm(s3dir, { recursive: true, force: true });
  });

  const objects = async (): Promise<string[]> =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? [])
      .map((o) => String(o.Key))
      .sort();
  const documents = async (): Promise<number> =>
    Number((await db.query('SELECT COUNT(*) AS n FROM task_documents'))[0].n);
  /** Parts s3rver has received for multipart uploads (under its "._S3rver_uploads" folder). */
  const partsReceived = async (): Promise<number> =>
    (await readdir(s3dir, { recursive: true, withFileTypes: true })).filter(
      (e) =>
        e.isFile() &&
        /^\d+$/.test(e.name) &&
        e.parentPath.split(sep).some((d) => d.endsWith('_S3rver_uploads')),
    ).length;

  async function expectHarmless(actor: Actor, fault: () => Promise<void>): Promise<void> {
    const before = { objects: await objects(), rows: await documents() };
    await fault();
    expect(await waitFor(async () => same(await objects(), before.objects), 15_000)).toBe(true);
    expect(await documents()).toBe(before.rows);
    expect(escaped).toEqual([]);
    expect((await actor.good()).status).toBe(201);
    expect(await objects()).toHaveLength(before.objects.length + 1);
    expect(await documents()).toBe(before.rows + 1);
    expect(escaped).toEqual([]);
  }

  const head = (actor: Actor, length: number): string =>
    requestHead({ path: actor.path, headers: actor.headers, length });

  describe.each(['staff', 'client'] as const)('as %s', (who) => {
    it.each([
      ['the reported body (a few bytes, no closing boundary)', 10],
      ['a body cut off after 7 MB, past the first 5 MB part', 7 * MB],
    ])(
      '%s answers 400 upload_incomplete and leaves nothing',
      async (_, size) => {
        const actor = actors[who];
        await expectHarmless(actor, async () => {
          const body = Buffer.concat([Buffer.from(PART_HEAD), pdfBytes(size)]);
          const socket = await openSocket(port);
          const answer = collect(socket, 30_000);
          socket.write(head(actor, body.length));
          socket.write(body);
          const raw = await answer;
          expect(raw).toMatch(/^HTTP\/1\.1 400 /);
          expect(raw).toContain('"error":"upload_incomplete"');
        });
      },
      60_000,
    );

    it('a connection dropped while parts are going to the bucket gets no answer and leaves no object', async () => {
      const actor = actors[who];
      await expectHarmless(actor, async () => {
        const partsBefore = await partsReceived();
        const socket = await openSocket(port);
        const answer = collect(socket, 30_000);
        socket.write(head(actor, 11 * MB));
        socket.write(PART_HEAD);
        socket.write(pdfBytes(7 * MB));
        expect(await waitFor(async () => (await partsReceived()) > partsBefore, 30_000)).toBe(true);
        socket.destroy();
        expect(await answer).toBe('');
      });
    }, 60_000);
  });
});
