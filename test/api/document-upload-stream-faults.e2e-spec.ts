// Issue 9, item 1: no request can end the process. Every stream and socket fault on the upload
// path — a body that ends before the closing boundary, a connection dropped mid-upload, a bad or
// missing boundary, two files, no file part, oversized part headers, garbage bytes — answers a
// 4xx with a clear message (or, for a dropped connection, nothing), writes no row, leaves no
// bytes in STORAGE_DIR, and the very next upload succeeds. Sent as staff and as a client with a
// trusted device, over raw sockets so that the bytes on the wire are exactly the faulty ones.
import type request from 'supertest';
import { DataSource } from 'typeorm';
import {
  clientWithTask,
  createStorageTestApp,
  pdfBytes,
  requestOf,
  StorageTestApp,
  upload,
} from '../factories/client-api';
import { StaffApi } from '../factories/staff-api';
import {
  BOUNDARY as B,
  collect,
  deviceCookie,
  listenLocally,
  openSocket as open,
  PART_HEAD,
  parseAnswer,
  type RawAnswer,
  requestHead,
  same,
  waitFor,
} from '../support/raw-http';

const LIMIT = 256 * 1024;

interface Actor {
  name: 'staff' | 'client';
  path: string;
  /** Headers that authenticate a raw request as this actor. */
  headers: Record<string, string>;
  /** A well-formed upload through supertest: the "next request". */
  good(): request.Test;
}

describe('no upload fault ends the process, stores anything, or spoils the next request', () => {
  let t: StorageTestApp;
  let db: DataSource;
  let port: number;
  const actors: Record<Actor['name'], Actor> = {} as Record<Actor['name'], Actor>;
  const escaped: unknown[] = [];
  const record = (error: unknown): void => {
    escaped.push(error);
  };

  const documents = async (): Promise<number> =>
    Number((await db.query('SELECT COUNT(*) AS n FROM task_documents'))[0].n);

  beforeAll(async () => {
    process.on('uncaughtException', record);
    process.on('unhandledRejection', record);
    t = await createStorageTestApp({ UPLOAD_MAX_BYTES: String(LIMIT) });
    db = t.app.get(DataSource);
    port = await listenLocally(t.http);
    const staff = await StaffApi.signIn(t.http);
    const { client, task, device } = await clientWithTask(staff, ['document']);
    const staffPath = `/api/admin/clients/${client.id}/tasks/${task.id}/documents`;
    actors.staff = {
      name: 'staff',
      path: staffPath,
      headers: { authorization: `Bearer ${staff.token}` },
      good: () =>
        staff.post(staffPath).attach('file', goodFile().content, {
          filename: 'fine.pdf',
          contentType: 'application/pdf',
        }),
    };
    const clientPath = `/api/me/tasks/${task.id}/requests/${requestOf(task, 'document')}/documents`;
    actors.client = {
      name: 'client',
      path: clientPath,
      headers: { cookie: deviceCookie(device), 'x-requested-with': 'XMLHttpRequest' },
      good: () => upload(device, clientPath, goodFile()),
    };
  });
  afterAll(async () => {
    process.off('uncaughtException', record);
    process.off('unhandledRejection', record);
    await t?.close();
  });

  /**
   * Runs one faulty exchange, then asserts: nothing escaped to the process, no row, no file
   * (part files included) beyond those of earlier good uploads, and the next upload succeeds.
   */
  async function expectHarmless(actor: Actor, fault: () => Promise<void>): Promise<void> {
    const rowsBefore = await documents();
    const filesBefore = await t.storedFiles();
    await fault();
    // Cleanup of partial bytes can finish just after the answer (or, aborted, with no answer).
    expect(await waitFor(async () => same(await t.storedFiles(), filesBefore))).toBe(true);
    expect(await t.storedFiles()).toEqual(filesBefore);
    expect(await documents()).toBe(rowsBefore);
    expect(escaped).toEqual([]);

    const next = await actor.good();
    expect(next.status).toBe(201);
    expect(await documents()).toBe(rowsBefore + 1);
    const after = await t.storedFiles();
    expect(after).toHaveLength(filesBefore.length + 1);
    expect(after.some((f) => f.endsWith('.part'))).toBe(false);
    expect(escaped).toEqual([]);
  }

  const refused = (
    status: number,
    error: string,
    message: RegExp,
    body: () => Buffer,
    contentType = `multipart/form-data; boundary=${B}`,
  ) => ({ status, error, message, body, contentType });

  const cases: [string, ReturnType<typeof refused>][] = [
    [
      'a body that ends without the closing boundary (the reported crash)',
      refused(400, 'upload_incomplete', /ended before the file was complete/, () =>
        Buffer.from(`${PART_HEAD}%PDF-1.4\r\n`),
      ),
    ],
    [
      'a body that ends in the middle of the file bytes',
      refused(400, 'upload_incomplete', /ended before the file was complete/, () =>
        Buffer.concat([Buffer.from(PART_HEAD), pdfBytes(40_000)]),
      ),
    ],
    [
      'a body that ends inside the part headers',
      refused(400, 'upload_incomplete', /ended before the file was complete/, () =>
        Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="fi`),
      ),
    ],
    [
      'a body with a different boundary from its Content-Type',
      refused(400, 'malformed_upload', /could not be read/, () =>
        Buffer.from(`--Other\r\n${PART_HEAD.slice(`--${B}\r\n`.length)}%PDF-1.4\r\n--Other--\r\n`),
      ),
    ],
    [
      'a multipart Content-Type without a boundary',
      refused(
        400,
        'malformed_upload',
        /boundary/,
        () => Buffer.from(`${PART_HEAD}%PDF-1.4\r\n--${B}--\r\n`),
        'multipart/form-data',
      ),
    ],
    [
      'a multipart Content-Type with an empty boundary',
      refused(
        400,
        'malformed_upload',
        /boundary/,
        () => Buffer.from(`${PART_HEAD}%PDF-1.4\r\n--${B}--\r\n`),
        'multipart/form-data; boundary=',
      ),
    ],
    [
      'two files',
      refused(400, 'one_file_per_upload', /one file per upload/, () =>
        Buffer.concat([
          Buffer.from(PART_HEAD),
          pdfBytes(3000),
          Buffer.from(`\r\n${PART_HEAD.replace('a.pdf', 'b.pdf')}`),
          pdfBytes(3000),
          Buffer.from(`\r\n--${B}--\r\n`),
        ]),
      ),
    ],
    [
      'no file part, only a field',
      refused(400, 'file_missing', /No file was sent/, () =>
        Buffer.from(
          `--${B}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${B}--\r\n`,
        ),
      ),
    ],
    [
      'an empty multipart body (closing boundary only)',
      refused(400, 'file_missing', /No file was sent/, () => Buffer.from(`--${B}--\r\n`)),
    ],
    [
      'oversized part headers (a 20 KB header line)',
      refused(400, 'malformed_upload', /could not be read/, () =>
        Buffer.from(
          `--${B}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nX-Pad: ${'a'.repeat(20_000)}\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--${B}--\r\n`,
        ),
      ),
    ],
    [
      'a part header line that is not a header',
      refused(400, 'malformed_upload', /could not be read/, () =>
        Buffer.from(`--${B}\r\nthis is not a header\r\n\r\n%PDF-1.4\r\n--${B}--\r\n`),
      ),
    ],
    [
      'part headers that never end (the closing boundary read as a header)',
      refused(400, 'upload_incomplete', /ended before the file was complete/, () =>
        Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="file"\r\n--${B}--\r\n`),
      ),
    ],
    [
      'garbage bytes',
      refused(400, 'malformed_upload', /could not be read/, () =>
        Buffer.from(
          Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 256).map((b) =>
            b === 0x2d ? 0x2e : b,
          ),
        ),
      ),
    ],
  ];

  describe.each(['staff', 'client'] as const)('as %s', (who) => {
    it.each(cases)('%s answers 4xx, keeps nothing, next upload works', async (_, c) => {
      const actor = actors[who];
      await expectHarmless(actor, async () => {
        const answer = await rawPost(port, actor, c.contentType, c.body());
        expect(answer.status).toBe(c.status);
        expect(answer.body).toMatchObject({ error: c.error, statusCode: c.status });
        expect(String(answer.body?.message)).toMatch(c.message);
      });
    });

    it('a connection dropped mid-file gets no answer; the partial bytes are removed', async () => {
      const actor = actors[who];
      await expectHarmless(actor, async () => {
        const socket = await open(port);
        const received = collect(socket);
        socket.write(head(actor, `multipart/form-data; boundary=${B}`, LIMIT));
        socket.write(PART_HEAD);
        socket.write(pdfBytes(40_000));
        // The bytes reach storage as they arrive (a part file); then the client goes away.
        expect(
          await waitFor(async () => (await t.storedFiles()).some((f) => f.endsWith('.part'))),
        ).toBe(true);
        socket.destroy();
        expect(await received).toBe('');
      });
    });

    it('a connection dropped inside the part headers gets no answer', async () => {
      const actor = actors[who];
      await expectHarmless(actor, async () => {
        const socket = await open(port);
        const received = collect(socket);
        socket.write(head(actor, `multipart/form-data; boundary=${B}`, LIMIT));
        socket.write(`--${B}\r\nContent-Disposition: form-da`);
        socket.end(); // half-close: the server reads end-of-stream with the body unfinished
        const answer = await received;
        // The request is incomplete at the HTTP level: no 2xx, and above all no crash.
        expect(answer).not.toMatch(/^HTTP\/1\.1 2/);
      });
    });

    it('a connection dropped before any body byte gets no answer', async () => {
      const actor = actors[who];
      await expectHarmless(actor, async () => {
        const socket = await open(port);
        const received = collect(socket);
        socket.write(head(actor, `multipart/form-data; boundary=${B}`, LIMIT));
        socket.destroy();
        expect(await received).toBe('');
      });
    });

    it('a chunked body cut off mid-chunk gets no answer; the partial bytes are removed', async () => {
      const actor = actors[who];
      await expectHarmless(actor, async () => {
        const socket = await open(port);
        const received = collect(socket);
        const chunk = Buffer.concat([Buffer.from(PART_HEAD), pdfBytes(40_000)]);
        socket.write(head(actor, `multipart/form-data; boundary=${B}`, null));
        socket.write(`${(chunk.length + 1000).toString(16)}\r\n`);
        socket.write(chunk);
        expect(
          await waitFor(async () => (await t.storedFiles()).some((f) => f.endsWith('.part'))),
        ).toBe(true);
        socket.destroy();
        expect(await received).toBe('');
      });
    });

    it('several faulty uploads at once leave the process serving', async () => {
      const actor = actors[who];
      await expectHarmless(actor, async () => {
        const answers = await Promise.all(
          cases.map(([, c]) => rawPost(port, actor, c.contentType, c.body())),
        );
        expect(answers.map((a) => a.status)).toEqual(cases.map(([, c]) => c.status));
      });
    });
  });

  const head = (actor: Actor, contentType: string, length: number | null): string =>
    requestHead({ path: actor.path, headers: actor.headers, contentType, length });

  /** One complete HTTP request (Content-Length matches the bytes sent) and its answer. */
  async function rawPost(
    to: number,
    actor: Actor,
    contentType: string,
    body: Buffer,
  ): Promise<RawAnswer> {
    const socket = await open(to);
    const received = collect(socket);
    socket.write(head(actor, contentType, body.length));
    socket.write(body);
    return parseAnswer(await received);
  }
});

function goodFile() {
  return { content: pdfBytes(5000), filename: 'fine.pdf' };
}
