// SPEC rules 16-18 (issue 4): a client answers questions (draft, then submit), approves or
// declines confirmations, uploads documents and downloads copies, and talks with the firm; the
// task completes when its last request is done, and every write records who and when.
import { createHash } from 'node:crypto';
import type { AdminTaskView, DocumentView, TaskDetail, TaskListResponse } from '@app/contracts';
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
import { waitForMail } from '../support/mail';

const binary = (res: import('superagent').Response, cb: (e: Error | null, b: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('a client completes a task: answers, documents and messages', () => {
  let t: StorageTestApp;
  let staff: StaffApi;
  let db: DataSource;

  beforeAll(async () => {
    t = await createStorageTestApp();
    staff = await StaffApi.signIn(t.http);
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('a question is saved as a draft, then submitted; the request is done and records who and when', async () => {
    const { task, device } = await clientWithTask(staff, ['question', 'confirmation']);
    const q = requestOf(task, 'question');
    const base = `/api/me/tasks/${task.id}/requests/${q}`;

    const draft = (await device.put(`${base}/draft`).send({ text: 'Clothing, ' }).expect(200))
      .body as TaskDetail;
    const draftReq = draft.requests.find((r) => r.id === q)!;
    expect(draftReq).toMatchObject({
      status: 'open',
      answer: { status: 'draft', text: 'Clothing, ', by: 'client' },
    });
    await device.put(`${base}/draft`).send({ text: 'Clothing, shoes' }).expect(200);

    const done = (
      await device.post(`${base}/submit`).send({ text: '  Clothing, shoes and hats  ' }).expect(200)
    ).body as TaskDetail;
    const answered = done.requests.find((r) => r.id === q)!;
    expect(answered.status).toBe('done');
    expect(answered.answer).toMatchObject({
      status: 'submitted',
      text: 'Clothing, shoes and hats',
      by: 'client',
    });
    expect(answered.answer?.submittedAt).toEqual(expect.any(String));
    expect(done).toMatchObject({ status: 'open', openRequests: 1 });

    const [row] = await db.query(
      'SELECT author_type, author_id, device_id FROM request_answers WHERE request_id = ?',
      [q],
    );
    expect(row.author_type).toBe('client');
    expect(row.author_id).toBe(task && (await staffView(task)).clientId);
    expect(row.device_id).toEqual(expect.any(String));

    // Submitted answers are final.
    await device.put(`${base}/draft`).send({ text: 'changed' }).expect(409);
    expect(
      (await device.post(`${base}/submit`).send({ text: 'again' }).expect(409)).body.error,
    ).toBe('request_done');
  });

  it('a confirmation is approved or declined with a reason; approvals complete the task in the same write, a decline leaves it with the firm (issue 12)', async () => {
    const { task, device } = await clientWithTask(staff, ['confirmation', 'confirmation']);
    const [c1, c2] = task.requests.map((r) => r.id);
    await device
      .post(`/api/me/tasks/${task.id}/requests/${c1}/submit`)
      .send({ decision: 'approved' })
      .expect(200);
    const noReason = await device
      .post(`/api/me/tasks/${task.id}/requests/${c2}/submit`)
      .send({ decision: 'declined', reason: '   ' })
      .expect(422);
    expect(noReason.body.fields.reason[0]).toMatch(/why/);
    const after = (
      await device
        .post(`/api/me/tasks/${task.id}/requests/${c2}/submit`)
        .send({ decision: 'declined', reason: 'The address is wrong.' })
        .expect(200)
    ).body as TaskDetail;
    expect(after.requests.map((r) => r.answer?.decision)).toEqual(['approved', 'declined']);
    expect(after.requests[1].answer?.text).toBe('The address is wrong.');
    // Issue 12: never "Completed" while the firm must act on the decline.
    expect(after).toMatchObject({ status: 'open', openRequests: 0, awaitingFirm: true });
    expect(after.completedAt).toBeNull();

    const list = (await device.get('/api/me/tasks').expect(200)).body as TaskListResponse;
    expect(list.open.map((x) => x.id)).toContain(task.id);
    expect(list.completed.map((x) => x.id)).not.toContain(task.id);
    // A request already answered takes no second answer.
    expect(
      (
        await device
          .post(`/api/me/tasks/${task.id}/requests/${c1}/submit`)
          .send({ decision: 'approved' })
          .expect(409)
      ).body.error,
    ).toBe('request_done');

    // Approvals only: the last one completes the task in the same write.
    const approved = await clientWithTask(staff, ['confirmation', 'confirmation']);
    const [a1, a2] = approved.task.requests.map((r) => r.id);
    const base = `/api/me/tasks/${approved.task.id}/requests`;
    await approved.device.post(`${base}/${a1}/submit`).send({ decision: 'approved' }).expect(200);
    const completed = (
      await approved.device.post(`${base}/${a2}/submit`).send({ decision: 'approved' }).expect(200)
    ).body as TaskDetail;
    expect(completed).toMatchObject({ status: 'completed', openRequests: 0, awaitingFirm: false });
    expect(completed.completedAt).toEqual(expect.any(String));
    const done = (await approved.device.get('/api/me/tasks').expect(200)).body as TaskListResponse;
    expect(done.completed.map((x) => x.id)).toContain(approved.task.id);
    // A completed task takes no more answers.
    expect(
      (
        await approved.device
          .post(`${base}/${a1}/submit`)
          .send({ decision: 'approved' })
          .expect(409)
      ).body.error,
    ).toBe('task_not_open');
  });

  it('documents: upload streams to storage with SHA-256, size and type; the copy downloads as an attachment with nosniff', async () => {
    const { task, device } = await clientWithTask(staff, ['document', 'question']);
    const d = requestOf(task, 'document');
    const path = `/api/me/tasks/${task.id}/requests/${d}/documents`;
    // Submitting a document request without a file is refused.
    const none = await device
      .post(`/api/me/tasks/${task.id}/requests/${d}/submit`)
      .send({})
      .expect(422);
    expect(none.body.fields.documents).toBeDefined();

    const content = pdfBytes(300_000);
    const res = await upload(device, path, { content, filename: 'Power of attorney.pdf' }).expect(
      201,
    );
    const doc = res.body as DocumentView;
    expect(doc).toMatchObject({
      requestId: d,
      filename: 'Power of attorney.pdf',
      contentType: 'application/pdf',
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      uploadedBy: 'client',
    });
    const [row] = await db.query('SELECT storage_key FROM task_documents WHERE id = ?', [doc.id]);
    expect(row.storage_key).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{64}$/);
    expect(row.storage_key).not.toContain('Power');
    expect(await t.storedFiles()).toContain(row.storage_key);

    const download = await device
      .get(`/api/me/tasks/${task.id}/documents/${doc.id}`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(Buffer.compare(download.body as Buffer, content)).toBe(0);
    expect(download.headers['content-type']).toMatch(/^application\/pdf/);
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="Power of attorney.pdf"; filename*=UTF-8''Power%20of%20attorney.pdf`,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['cache-control']).toContain('no-store');

    const detail = (await device.get(`/api/me/tasks/${task.id}`).expect(200)).body as TaskDetail;
    expect(detail.documents?.map((x) => x.id)).toEqual([doc.id]);
    const submitted = (
      await device.post(`/api/me/tasks/${task.id}/requests/${d}/submit`).send({}).expect(200)
    ).body as TaskDetail;
    expect(submitted.requests.find((r) => r.id === d)?.status).toBe('done');
    // A done document request takes no more files.
    await upload(device, path, { content, filename: 'late.pdf' }).expect(409);

    // Staff see it too, and their download is audited.
    const clientId = (await staffView(task)).clientId;
    const staffCopy = await staff
      .get(`/api/admin/clients/${clientId}/tasks/${task.id}/documents/${doc.id}`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(Buffer.compare(staffCopy.body as Buffer, content)).toBe(0);
    const audit: { type: string; actor_type: string }[] = await db.query(
      'SELECT type, actor_type FROM audit_events WHERE subject_id = ? ORDER BY created_at',
      [doc.id],
    );
    expect(audit.map((a) => `${a.type}/${a.actor_type}`).sort()).toEqual(
      [
        'document.downloaded/device',
        'document.downloaded/staff',
        'document.uploaded/device',
      ].sort(),
    );
  });

  it('messages: the client posts, staff reply, and the e-mailed notice carries no link token or PIN', async () => {
    const { client, task, device } = await clientWithTask(staff, ['question']);
    const mine = await device
      .post(`/api/me/tasks/${task.id}/messages`)
      .send({ body: 'Is class 25 right?' })
      .expect(201);
    expect(mine.body).toMatchObject({ author: 'client', body: 'Is class 25 right?' });
    await device.post(`/api/me/tasks/${task.id}/messages`).send({ body: '   ' }).expect(422);

    const sentAfter = Date.now() - 500;
    const reply = await staff
      .post(`/api/admin/clients/${client.id}/tasks/${task.id}/messages`)
      .send({ body: 'Yes, class 25 covers clothing.' })
      .expect(201);
    expect(reply.body.author).toBe('staff');
    const notice = await waitForMail({
      to: client.email,
      subjectIncludes: 'new message',
      after: sentAfter,
    });
    expect(notice.subject).toContain(task.reference);
    const everything = `${notice.text}\n${notice.html ?? ''}`;
    expect(everything).not.toMatch(/\/l\/[A-Za-z0-9_-]{20,}/);
    expect(everything).not.toMatch(/[A-Za-z0-9_-]{43}/);
    expect(everything).not.toMatch(/\bPIN\b/);
    expect(everything).not.toContain('Yes, class 25');
    expect(notice.text).toContain('http://portal.test/tasks');

    const detail = (await device.get(`/api/me/tasks/${task.id}`).expect(200)).body as TaskDetail;
    expect(detail.messages?.map((m) => [m.author, m.body])).toEqual([
      ['client', 'Is class 25 right?'],
      ['staff', 'Yes, class 25 covers clothing.'],
    ]);
    const rows = await db.query(
      'SELECT author_type, author_id FROM task_messages WHERE task_id = ? ORDER BY created_at',
      [task.id],
    );
    expect(rows).toEqual([
      { author_type: 'client', author_id: client.id },
      { author_type: 'staff', author_id: expect.any(String) },
    ]);
  });

  async function staffView(task: TaskDetail): Promise<AdminTaskView> {
    const [row] = await db.query('SELECT client_id FROM tasks WHERE id = ?', [task.id]);
    return (await staff.get(`/api/admin/clients/${row.client_id}/tasks/${task.id}`).expect(200))
      .body as AdminTaskView;
  }
});
