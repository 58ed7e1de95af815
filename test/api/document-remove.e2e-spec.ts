// Issue 13 item 5: a client removes, or replaces (upload the new file, remove the old), a file it
// uploaded to a document request until that request is submitted. Scoped to the browser's tasks,
// CSRF-protected, audited; 409 once submitted; of parallel removals exactly one wins. A file
// whose bytes are not what its name says is refused in plain words. After the firm asks for
// changes (issue 12), the files it already received stay; only files added since can go.
import request from 'supertest';
import type { DocumentView, TaskDetail } from '@app/contracts';
import { DataSource } from 'typeorm';
import {
  clientWithTask,
  createStorageTestApp,
  pdfBytes,
  requestOf,
  StorageTestApp,
  upload,
} from '../factories/client-api';
import { browserAgent, StaffApi } from '../factories/staff-api';
import { extractLink, waitForMail } from '../support/mail';

describe('a client removes or replaces a file before submitting (issue 13)', () => {
  let t: StorageTestApp;
  let staff: StaffApi;
  let db: DataSource;

  beforeAll(async () => {
    t = await createStorageTestApp();
    staff = await StaffApi.signIn(t.http);
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  /** A task with one document request, and one PDF the client uploaded to it. */
  async function uploaded(filename = 'scan.pdf') {
    const setup = await clientWithTask(staff, ['document', 'question']);
    const requestId = requestOf(setup.task, 'document');
    const doc = (
      await upload(setup.device, `/api/me/tasks/${setup.task.id}/requests/${requestId}/documents`, {
        content: pdfBytes(),
        filename,
      }).expect(201)
    ).body as DocumentView;
    return { ...setup, requestId, doc, path: `/api/me/tasks/${setup.task.id}/documents/${doc.id}` };
  }

  const documentsOf = async (agent: request.Agent, taskId: string): Promise<DocumentView[]> =>
    ((await agent.get(`/api/me/tasks/${taskId}`).expect(200)).body as TaskDetail).documents ?? [];

  const stored = async (id: string): Promise<number> =>
    Number((await db.query('SELECT COUNT(*) AS n FROM task_documents WHERE id = ?', [id]))[0].n);

  it('removes its own file: 204, gone from the task, the storage and the table, audited', async () => {
    const { device, task, doc, path, client } = await uploaded();
    const key = (await db.query('SELECT storage_key FROM task_documents WHERE id = ?', [doc.id]))[0]
      .storage_key as string;
    expect((await t.storedFiles()).some((f) => f.includes(key))).toBe(true);

    await device.delete(path).expect(204);

    expect(await documentsOf(device, task.id)).toEqual([]);
    expect(await stored(doc.id)).toBe(0);
    expect((await t.storedFiles()).some((f) => f.includes(key))).toBe(false);
    const audit = await db.query(
      'SELECT actor_type, client_id FROM audit_events WHERE type = ? AND subject_id = ?',
      ['document.removed', doc.id],
    );
    expect(audit).toEqual([{ actor_type: 'device', client_id: client.id }]);
    // Removed once: a second removal finds nothing.
    expect((await device.delete(path).expect(404)).body.error).toBe('document_not_found');
  });

  it('replaces a file: the new one uploaded, the old one removed; the request is then submitted with it', async () => {
    const { device, task, requestId, path } = await uploaded('old.pdf');
    const base = `/api/me/tasks/${task.id}/requests/${requestId}`;
    const added = (
      await upload(device, `${base}/documents`, {
        content: pdfBytes(),
        filename: 'new.pdf',
      }).expect(201)
    ).body as DocumentView;
    await device.delete(path).expect(204);
    expect((await documentsOf(device, task.id)).map((d) => d.filename)).toEqual(['new.pdf']);
    const done = (await device.post(`${base}/submit`).send({}).expect(200)).body as TaskDetail;
    expect(done.requests.find((r) => r.id === requestId)?.status).toBe('done');
    expect(done.documents?.map((d) => d.id)).toEqual([added.id]);
  });

  it('once the request is submitted: 409 request_submitted, and the file stays', async () => {
    const { device, task, requestId, doc, path } = await uploaded();
    await device.post(`/api/me/tasks/${task.id}/requests/${requestId}/submit`).send({}).expect(200);
    const res = await device.delete(path).expect(409);
    expect(res.body).toMatchObject({
      error: 'request_submitted',
      message: 'This file was already sent to the firm, so it can no longer be removed.',
    });
    expect(await stored(doc.id)).toBe(1);
  });

  it('after the firm asks for changes: a file it received stays (409), a file added since can go', async () => {
    const { device, task, requestId, doc, path, client } = await uploaded('received.pdf');
    const base = `/api/me/tasks/${task.id}/requests/${requestId}`;
    await device.post(`${base}/submit`).send({}).expect(200);
    await staff
      .post(
        `/api/admin/clients/${client.id}/tasks/${task.id}/requests/${requestId}/request-changes`,
      )
      .send({ note: 'Please add the second page too.' })
      .expect(201);
    const res = await device.delete(path).expect(409);
    expect(res.body).toMatchObject({
      error: 'document_received',
      message:
        'The firm already received this file before asking for changes, so it stays; you can add a new file instead.',
    });
    expect(await stored(doc.id)).toBe(1);
    const added = (
      await upload(device, `${base}/documents`, {
        content: pdfBytes(),
        filename: 'page2.pdf',
      }).expect(201)
    ).body as DocumentView;
    await device.delete(`/api/me/tasks/${task.id}/documents/${added.id}`).expect(204);
    expect(await stored(added.id)).toBe(0);
    expect((await documentsOf(device, task.id)).map((d) => d.filename)).toEqual(['received.pdf']);
  });

  it('once the task is cancelled by the firm: 409, the file stays', async () => {
    const { device, task, doc, path, client } = await uploaded();
    await staff
      .post(`/api/admin/clients/${client.id}/tasks/${task.id}/cancel`)
      .send({})
      .expect(200);
    expect((await device.delete(path).expect(409)).body.error).toBe('request_submitted');
    expect(await stored(doc.id)).toBe(1);
  });

  it('another client, another browser and no browser at all: refused, nothing removed', async () => {
    const { path, doc } = await uploaded();
    const other = await clientWithTask(staff, ['document']);
    // Another client's trusted device: the task is outside its scope.
    await other.device.delete(path).expect(404);
    // A browser with no cookie: deny by default.
    await request(t.http).delete(path).set('X-Requested-With', 'XMLHttpRequest').expect(401);
    expect(await stored(doc.id)).toBe(1);
  });

  it('the old device, after the tasks moved to another: refused, nothing removed', async () => {
    const { path, doc, device, token, client } = await uploaded();
    // The same dispatch moves to a new browser through Send Access Link.
    const laptop = browserAgent(t.http);
    const asked = Date.now();
    await laptop.post('/api/links/access-link').send({ token }).expect(202);
    const mail = await waitForMail({
      to: client.email,
      subjectIncludes: 'new access link',
      after: asked,
    });
    await laptop
      .post('/api/links/redeem')
      .send({ token: extractLink(mail).token })
      .expect(200);
    await device.delete(path).expect(401);
    expect(await stored(doc.id)).toBe(1);
    // The device that holds the tasks now may remove it.
    await laptop.delete(path).expect(204);
  });

  it('a file the firm sent cannot be removed by the client: 403 document_not_yours', async () => {
    const { device, task, client } = await uploaded();
    const firm = (
      await staff
        .post(`/api/admin/clients/${client.id}/tasks/${task.id}/documents`)
        .attach('file', pdfBytes(), { filename: 'from-firm.pdf', contentType: 'application/pdf' })
        .expect(201)
    ).body as DocumentView;
    const res = await device.delete(`/api/me/tasks/${task.id}/documents/${firm.id}`).expect(403);
    expect(res.body.error).toBe('document_not_yours');
    expect(await stored(firm.id)).toBe(1);
  });

  it('needs the portal header: a cross-site DELETE with the cookie is refused', async () => {
    const { device, path, doc } = await uploaded();
    const res = await device.delete(path).unset('X-Requested-With');
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('csrf_rejected');
    expect(await stored(doc.id)).toBe(1);
  });

  it('parallel removals of one file: exactly one 204, the rest 404', async () => {
    const { device, path, doc } = await uploaded();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => device.delete(path).then((r) => r.status)),
    );
    expect(answers.filter((s) => s === 204)).toHaveLength(1);
    expect(answers.filter((s) => s === 404)).toHaveLength(5);
    expect(await stored(doc.id)).toBe(0);
    const audits = await db.query(
      'SELECT COUNT(*) AS n FROM audit_events WHERE type = ? AND subject_id = ?',
      ['document.removed', doc.id],
    );
    expect(Number(audits[0].n)).toBe(1);
  });

  it('a removal and a submit at once: either the file is gone and the submit refused, or the submit won and the file stays', async () => {
    for (let round = 0; round < 3; round++) {
      const { device, task, requestId, path, doc } = await uploaded();
      const [removed, submitted] = await Promise.all([
        device.delete(path).then((r) => r.status),
        device
          .post(`/api/me/tasks/${task.id}/requests/${requestId}/submit`)
          .send({})
          .then((r) => r.status),
      ]);
      if (removed === 204) {
        expect(submitted).toBe(422);
        expect(await stored(doc.id)).toBe(0);
      } else {
        expect([removed, submitted]).toEqual([409, 200]);
        expect(await stored(doc.id)).toBe(1);
      }
    }
  });

  it('bad ids answer 4xx, never 5xx', async () => {
    const { device, task } = await uploaded();
    expect((await device.delete(`/api/me/tasks/${task.id}/documents/not-a-uuid`)).status).toBe(400);
    await device
      .delete(`/api/me/tasks/${task.id}/documents/00000000-0000-4000-8000-000000000000`)
      .expect(404);
  });

  it('a fake PDF is refused in plain words, with the same error code', async () => {
    const { device, task, requestId } = await uploaded();
    const res = await upload(device, `/api/me/tasks/${task.id}/requests/${requestId}/documents`, {
      content: Buffer.from('<html><body>not a pdf at all</body></html>'),
      filename: 'invoice.pdf',
    }).expect(415);
    expect(res.body).toMatchObject({
      error: 'file_type_not_allowed',
      message: "This file isn't a real PDF. Please choose the PDF again or export it anew.",
    });
  });
});
