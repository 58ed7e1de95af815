// SPEC rules 17 and 22 for uploads: an oversized file gets 413, a type not allowed 415, hostile
// file names are stored and served safely, an empty answer 422, an aborted upload leaves neither
// a row nor a file — nothing partial is ever stored.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DocumentView, TaskDetail } from '@app/contracts';
import { DataSource } from 'typeorm';
import {
  clientWithTask,
  createStorageTestApp,
  pdfBytes,
  PNG_HEAD,
  requestOf,
  StorageTestApp,
  upload,
} from '../factories/client-api';
import { StaffApi } from '../factories/staff-api';
import { deviceCookie, multipartFile, partHead, waitFor } from '../support/raw-http';

const LIMIT = 64 * 1024;

describe('bad uploads and answers are refused, and nothing partial is stored', () => {
  let t: StorageTestApp;
  let staff: StaffApi;
  let db: DataSource;
  let task: TaskDetail;
  let device: Awaited<ReturnType<typeof clientWithTask>>['device'];
  let path: string;
  const documents = async (): Promise<number> =>
    Number((await db.query('SELECT COUNT(*) AS n FROM task_documents'))[0].n);

  beforeAll(async () => {
    t = await createStorageTestApp({ UPLOAD_MAX_BYTES: String(LIMIT) });
    staff = await StaffApi.signIn(t.http);
    db = t.app.get(DataSource);
    ({ task, device } = await clientWithTask(staff, ['document', 'question']));
    path = `/api/me/tasks/${task.id}/requests/${requestOf(task, 'document')}/documents`;
  });
  afterAll(() => t.close());

  it('a file over the limit gets 413 with a clear message; no row, no file', async () => {
    const before = await documents();
    const res = await upload(device, path, { content: pdfBytes(LIMIT + 1), filename: 'big.pdf' });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: 'file_too_large' });
    expect(res.body.message).toMatch(/larger than the 64 KB limit/);
    expect(await documents()).toBe(before);
    expect(await t.storedFiles()).toEqual([]);
    // Exactly at the limit is fine.
    await upload(device, path, { content: pdfBytes(LIMIT), filename: 'exact.pdf' }).expect(201);
  });

  it('a file far over the limit is refused from its Content-Length before it is read', async () => {
    const res = await upload(device, path, { content: pdfBytes(LIMIT * 4), filename: 'huge.pdf' });
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('file_too_large');
  });

  it.each([
    [
      'a type not on the list',
      'script.exe',
      'application/x-msdownload',
      Buffer.from('MZ\x90\x00rest of it', 'latin1'),
    ],
    ['HTML posing as text', 'page.html', 'text/html', Buffer.from('<script>alert(1)</script>')],
    [
      'a PDF name and type over other bytes',
      'fake.pdf',
      'application/pdf',
      Buffer.from('<html><script>alert(1)</script></html>'),
    ],
    ['a PNG type over PDF bytes', 'photo.png', 'image/png', pdfBytes(500)],
    [
      'octet-stream with an unknown extension',
      'thing.bin',
      'application/octet-stream',
      pdfBytes(500),
    ],
  ])('%s gets 415; no row, no file', async (_, filename, contentType, content) => {
    const before = await documents();
    const files = await t.storedFiles();
    const res = await upload(device, path, { content, filename, contentType });
    expect(res.status).toBe(415);
    expect(res.body.error).toBe('file_type_not_allowed');
    expect(res.body.message).toEqual(expect.any(String));
    expect(await documents()).toBe(before);
    expect(await t.storedFiles()).toEqual(files);
  });

  it('accepts images, HEIC included, by declared type and by extension when the browser says octet-stream', async () => {
    const png = Buffer.concat([PNG_HEAD, Buffer.alloc(100, 1)]);
    await upload(device, path, {
      content: png,
      filename: 'logo.png',
      contentType: 'image/png',
    }).expect(201);
    const heic = Buffer.concat([
      Buffer.from([0, 0, 0, 0x18]),
      Buffer.from('ftypheic'),
      Buffer.alloc(100),
    ]);
    const res = await upload(device, path, {
      content: heic,
      filename: 'IMG_0001.HEIC',
      contentType: 'application/octet-stream',
    }).expect(201);
    expect((res.body as DocumentView).contentType).toBe('image/heic');
  });

  it('an empty file, no file, or a body that is not multipart gets a 4xx; nothing stored', async () => {
    const before = await documents();
    expect(
      (await upload(device, path, { content: Buffer.alloc(0), filename: 'empty.pdf' })).status,
    ).toBe(422);
    const noFile = await device.post(path).field('note', 'hello');
    expect(noFile.status).toBe(400);
    expect(noFile.body.error).toBe('file_missing');
    const json = await device.post(path).send({ file: 'x' });
    expect(json.status).toBe(415);
    const two = await device
      .post(path)
      .attach('file', pdfBytes(100), { filename: 'a.pdf', contentType: 'application/pdf' })
      .attach('file', pdfBytes(100), { filename: 'b.pdf', contentType: 'application/pdf' });
    expect(two.status).toBe(400);
    expect(await documents()).toBe(before);
  });

  it.each([
    ['path traversal', '../../../etc/passwd.pdf', 'passwd.pdf'],
    ['Windows path traversal', '..\\..\\boot.ini.pdf', 'boot.ini.pdf'],
    ['control characters (RFC 8187 encoded)', 'in\u0000voi\r\nce\u0007\u001b.pdf', 'invoice.pdf'],
    ['an encoded path with a NUL', '..%2F..%2Fetc%2Fpasswd\u0000.pdf', '%2F..%2Fetc%2Fpasswd.pdf'],
    [
      'a right-to-left override hiding the extension',
      'invoice\u202Efdp.exe.pdf',
      'invoicefdp.exe.pdf',
    ],
    ['leading dots', '...hidden.pdf', 'hidden.pdf'],
    ['quotes and semicolons', 'a"b;c\\d.pdf', 'd.pdf'],
    ['unicode', 'Vollmacht Müller – 日本.pdf', 'Vollmacht Müller – 日本.pdf'],
  ])('a hostile file name (%s) is stored and served safely', async (_, filename, stored) => {
    // Sent the way a client may encode any name: filename*=UTF-8''<percent-encoded> (RFC 8187).
    const res = await rawUpload(device, path, filename, pdfBytes(200)).expect(201);
    const doc = res.body as DocumentView;
    expect(doc.filename).toBe(stored);
    const [row] = await db.query('SELECT filename, storage_key FROM task_documents WHERE id = ?', [
      doc.id,
    ]);
    expect(row.filename).toBe(stored);
    expect(row.storage_key).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{64}$/);
    const download = await device.get(`/api/me/tasks/${task.id}/documents/${doc.id}`).expect(200);
    const disposition = String(download.headers['content-disposition']);
    expect(disposition).toMatch(
      /^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%._~!-]*$/,
    );
    expect(/[\r\n]/.test(disposition) || disposition.includes('\u0000')).toBe(false);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toBe(stored);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
  });

  it('a very long file name is cut to 200 characters, keeping the extension', async () => {
    const res = await upload(device, path, {
      content: pdfBytes(200),
      filename: `${'ä'.repeat(500)}.pdf`,
    }).expect(201);
    const name = (res.body as DocumentView).filename;
    expect([...name]).toHaveLength(200);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('an upload aborted half-way leaves neither a row nor a file', async () => {
    const before = await documents();
    const files = await t.storedFiles();
    const cookie = deviceCookie(device);
    const { port } = (t.http.listening ? t.http : t.http.listen(0)).address() as AddressInfo;
    const boundary = 'abortboundary';
    let partSeen = false;
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(LIMIT),
          'x-requested-with': 'XMLHttpRequest',
          cookie,
        },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.write(partHead(boundary, 'filename="half.pdf"'));
      req.write(pdfBytes(20_000));
      // The bytes reach storage as they arrive (a part file), then the client goes away.
      const stored = async () => (await t.storedFiles()).some((f) => f.endsWith('.part'));
      void waitFor(stored, 3000).then((seen) => {
        partSeen = seen;
        req.destroy();
      });
    });
    expect(partSeen).toBe(true);
    // The server notices the dropped connection and cleans up; wait for that, not a fixed time.
    await waitFor(async () => (await t.storedFiles()).length === files.length, 10_000);
    expect(await documents()).toBe(before);
    expect(await t.storedFiles()).toEqual(files);
  });

  it('raw control characters in the part headers get 400; nothing stored', async () => {
    const before = await documents();
    const res = await upload(device, path, { content: pdfBytes(200), filename: 'a\u0000b.pdf' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('malformed_upload');
    expect(await documents()).toBe(before);
  });

  it('an empty required answer gets 422 naming the field; nothing is stored', async () => {
    const q = requestOf(task, 'question');
    const res = await device
      .post(`/api/me/tasks/${task.id}/requests/${q}/submit`)
      .send({ text: '  ' })
      .expect(422);
    expect(res.body.fields.text[0]).toMatch(/answer/);
    await device.post(`/api/me/tasks/${task.id}/requests/${q}/submit`).send({}).expect(422);
    await device
      .post(`/api/me/tasks/${task.id}/requests/${q}/submit`)
      .send({ text: 42 })
      .expect(422);
    await device
      .put(`/api/me/tasks/${task.id}/requests/${q}/draft`)
      .send({ text: 'x'.repeat(10_001) })
      .expect(422);
    await device
      .post(`/api/me/tasks/${task.id}/requests/${q}/submit`)
      .send({ text: 'ok', extra: 1 })
      .expect(422);
    const rows = await db.query('SELECT COUNT(*) AS n FROM request_answers WHERE request_id = ?', [
      q,
    ]);
    expect(Number(rows[0].n)).toBe(0);
    const [req] = await db.query('SELECT status FROM task_requests WHERE id = ?', [q]);
    expect(req.status).toBe('open');
  });
});

/** A multipart body whose file name travels only as filename*=UTF-8''… (RFC 8187). */
function rawUpload(
  agent: { post(path: string): import('supertest').Test },
  path: string,
  filename: string,
  content: Buffer,
) {
  const boundary = 'rawboundary42';
  const body = multipartFile(boundary, `filename*=UTF-8''${encodeURIComponent(filename)}`, content);
  return agent
    .post(path)
    .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
    .send(body);
}
