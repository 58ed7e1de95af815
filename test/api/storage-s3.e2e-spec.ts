// SPEC rule 17 on an S3-compatible store: the same upload and download path with
// STORAGE_S3_* configured, against a real local S3 server (npm s3rver) on a loopback port.
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentView } from '@app/contracts';
import { DataSource } from 'typeorm';
import { clientWithTask, pdfBytes, requestOf, upload } from '../factories/client-api';
import { StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';

// s3rver ships no types; this is the part of it the spec uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
};

const BUCKET = 'portal-documents';
const KEYS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

describe('documents on an S3-compatible store', () => {
  let s3dir: string;
  let server: InstanceType<typeof S3rver>;
  let s3: S3Client;
  let t: TestApp;

  beforeAll(async () => {
    s3dir = await mkdtemp(join(tmpdir(), 'portal-s3rver-'));
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: !process.env.S3RVER_LOG,
      directory: s3dir,
    });
    const { port } = await server.run();
    const endpoint = `http://127.0.0.1:${port}`;
    s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: KEYS });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    t = await createTestApp({
      STORAGE_S3_URL: endpoint,
      STORAGE_S3_BUCKET: BUCKET,
      STORAGE_S3_ACCESS_KEY_ID: KEYS.accessKeyId,
      STORAGE_S3_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
      UPLOAD_MAX_BYTES: String(12 * 1024 * 1024),
    });
  });
  afterAll(async () => {
    await t?.close();
    s3?.destroy();
    await server?.close();
    await rm(s3dir, { recursive: true, force: true });
  });

  const objects = async (): Promise<string[]> =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? [])
      .map((o) => o.Key!)
      .sort();

  it('streams an upload (multipart, over 5 MB) into the bucket under a random key and serves it back', async () => {
    const staff = await StaffApi.signIn(t.http);
    const { task, device } = await clientWithTask(staff, ['document']);
    const content = pdfBytes(11 * 1024 * 1024);
    const res = await upload(
      device,
      `/api/me/tasks/${task.id}/requests/${requestOf(task, 'document')}/documents`,
      {
        content,
        filename: 'Scan.pdf',
      },
    ).expect(201);
    const doc = res.body as DocumentView;
    expect(doc.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    const [row] = await t.app
      .get(DataSource)
      .query('SELECT storage_key FROM task_documents WHERE id = ?', [doc.id]);
    expect(await objects()).toEqual([row.storage_key]);

    const copy = await device
      .get(`/api/me/tasks/${task.id}/documents/${doc.id}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(
      createHash('sha256')
        .update(copy.body as Buffer)
        .digest('hex'),
    ).toBe(doc.sha256);
    expect(copy.headers['x-content-type-options']).toBe('nosniff');
    expect(copy.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('a refused upload (over the limit, wrong content) leaves nothing in the bucket', async () => {
    const staff = await StaffApi.signIn(t.http);
    const { task, device } = await clientWithTask(staff, ['document']);
    const before = await objects();
    const path = `/api/me/tasks/${task.id}/requests/${requestOf(task, 'document')}/documents`;
    // Just over the limit: within the multipart envelope allowance, so the streaming check stops
    // it after two 5 MB parts already went to the bucket.
    const big = await upload(device, path, {
      content: pdfBytes(12 * 1024 * 1024 + 1000),
      filename: 'big.pdf',
    });
    expect(big.status).toBe(413);
    const fake = await upload(device, path, {
      content: Buffer.from('<html></html>'),
      filename: 'fake.pdf',
    });
    expect(fake.status).toBe(415);
    expect(await objects()).toEqual(before);
  });
});
