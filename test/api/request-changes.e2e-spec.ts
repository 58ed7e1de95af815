// Issue 12 item 5: staff request changes on an answered request (it reopens with a note, the
// client's answer kept in the history, the client told by e-mail WITHOUT a credential), and a
// declined confirmation is "needs the firm" for staff and "awaiting the firm" for the client,
// never "Completed" while the firm must act.
import type { AdminTaskView, TaskDetail, TaskListResponse } from '@app/contracts';
import { DataSource } from 'typeorm';
import { clientWithTask, requestOf } from '../factories/client-api';
import { StaffApi } from '../factories/staff-api';
import { createTestApp, TEST_PUBLIC_URL, TestApp } from '../support/app';
import { mailsTo, waitForMail } from '../support/mail';

describe('request changes, and declined confirmations wait for the firm', () => {
  let t: TestApp;
  let staff: StaffApi;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    staff = await StaffApi.signIn(t.http);
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const adminView = async (clientId: string, taskId: string) =>
    (await staff.get(`/api/admin/clients/${clientId}/tasks/${taskId}`).expect(200))
      .body as AdminTaskView;

  it('a declined confirmation leaves the task open: "needs the firm" for staff, awaiting the firm for the client', async () => {
    const { client, task, device } = await clientWithTask(staff, ['question', 'confirmation']);
    const q = requestOf(task, 'question');
    const c = requestOf(task, 'confirmation');
    await device
      .post(`/api/me/tasks/${task.id}/requests/${c}/submit`)
      .send({ decision: 'declined', reason: 'The applicant address is wrong.' })
      .expect(200);
    const after = (
      await device
        .post(`/api/me/tasks/${task.id}/requests/${q}/submit`)
        .send({ text: 'Shoes and hats' })
        .expect(200)
    ).body as TaskDetail;
    // Every request is answered, but the firm must act: not completed.
    expect(after).toMatchObject({ status: 'open', openRequests: 0, awaitingFirm: true });
    expect(after.completedAt).toBeNull();
    const list = (await device.get('/api/me/tasks').expect(200)).body as TaskListResponse;
    expect(list.open.find((x) => x.id === task.id)).toMatchObject({ awaitingFirm: true });
    expect(list.completed.map((x) => x.id)).not.toContain(task.id);

    const view = await adminView(client.id, task.id);
    expect(view).toMatchObject({ status: 'open', needsFirm: true, awaitingFirm: true });

    // The firm accepts the decline by closing the task: now it is completed, for both sides.
    await staff.post(`/api/admin/clients/${client.id}/tasks/${task.id}/close`).expect(200);
    const closed = await adminView(client.id, task.id);
    expect(closed).toMatchObject({ status: 'completed', needsFirm: false });
  });

  it('request changes reopens the request with a note, keeps the old answer, reopens the task and mails a notice with no credential', async () => {
    const { client, task, device, token } = await clientWithTask(staff, ['question']);
    const q = requestOf(task, 'question');
    const done = (
      await device
        .post(`/api/me/tasks/${task.id}/requests/${q}/submit`)
        .send({ text: 'Clothing' })
        .expect(200)
    ).body as TaskDetail;
    expect(done.status).toBe('completed');

    const note = 'Please list the goods in class 25 one by one (shirts, shoes, hats).';
    const sentAfter = Date.now();
    const res = await staff
      .post(`/api/admin/clients/${client.id}/tasks/${task.id}/requests/${q}/request-changes`)
      .send({ note })
      .expect(201);
    const view = res.body as AdminTaskView;
    expect(view).toMatchObject({ status: 'open', completedAt: null, openRequests: 1 });
    expect(view.requests[0]).toMatchObject({
      status: 'open',
      changeNote: note,
      answer: { status: 'draft', text: 'Clothing' },
    });
    expect(view.changes).toEqual([
      expect.objectContaining({
        requestId: q,
        note,
        previous: { text: 'Clothing', decision: null, submittedAt: expect.any(String) },
      }),
    ]);

    // The client is told, without a link, a code or the note.
    const mail = await waitForMail({
      to: client.email,
      after: sentAfter - 1000,
      subjectIncludes: 'another look',
    });
    expect(mail.subject).toContain(task.reference);
    const all = `${mail.subject}\n${mail.text}\n${mail.html ?? ''}`;
    expect(all).not.toContain(token);
    expect(all).not.toMatch(/\/l\/[A-Za-z0-9_-]{20,}/);
    expect(all).not.toMatch(/\b\d{6}\b/);
    expect(all).not.toContain('class 25');
    expect(mail.text).toContain(`${TEST_PUBLIC_URL}/tasks/${task.id}`);

    // The client sees the note, answers again; the task completes and the note is gone.
    const mine = (await device.get(`/api/me/tasks/${task.id}`).expect(200)).body as TaskDetail;
    expect(mine.requests[0]).toMatchObject({ status: 'open', changeNote: note });
    const redone = (
      await device
        .post(`/api/me/tasks/${task.id}/requests/${q}/submit`)
        .send({ text: 'Shirts, shoes, hats' })
        .expect(200)
    ).body as TaskDetail;
    expect(redone).toMatchObject({ status: 'completed' });
    expect(redone.requests[0]).toMatchObject({
      changeNote: null,
      answer: { text: 'Shirts, shoes, hats' },
    });
    const history = (await adminView(client.id, task.id)).changes!;
    expect(history[0].previous.text).toBe('Clothing');

    const [audit] = await db.query(
      "SELECT actor_type, subject_id FROM audit_events WHERE type = 'request.changes_requested' AND client_id = ?",
      [client.id],
    );
    expect(audit).toEqual({ actor_type: 'staff', subject_id: q });
    expect((await mailsTo(client.email)).length).toBeGreaterThanOrEqual(2);
  });

  it('the firm answers a declined confirmation by requesting changes: the client decides again', async () => {
    const { client, task, device } = await clientWithTask(staff, ['confirmation']);
    const c = requestOf(task, 'confirmation');
    await device
      .post(`/api/me/tasks/${task.id}/requests/${c}/submit`)
      .send({ decision: 'declined', reason: 'Wrong address.' })
      .expect(200);
    expect((await adminView(client.id, task.id)).needsFirm).toBe(true);
    await staff
      .post(`/api/admin/clients/${client.id}/tasks/${task.id}/requests/${c}/request-changes`)
      .send({ note: 'We corrected the address to 1 Main St; please confirm again.' })
      .expect(201);
    const view = await adminView(client.id, task.id);
    expect(view).toMatchObject({ needsFirm: false, status: 'open' });
    expect(view.changes![0].previous).toMatchObject({
      decision: 'declined',
      text: 'Wrong address.',
    });
    const done = (
      await device
        .post(`/api/me/tasks/${task.id}/requests/${c}/submit`)
        .send({ decision: 'approved' })
        .expect(200)
    ).body as TaskDetail;
    expect(done).toMatchObject({ status: 'completed', awaitingFirm: false });
  });

  it('refuses what cannot be sent back: an open request, another client, a missing note', async () => {
    const { client, task } = await clientWithTask(staff, ['question']);
    const other = await clientWithTask(staff, ['question']);
    const q = requestOf(task, 'question');
    const base = `/api/admin/clients/${client.id}/tasks/${task.id}/requests/${q}/request-changes`;
    const open = await staff.post(base).send({ note: 'Again please.' }).expect(409);
    expect(open.body).toMatchObject({ error: 'request_not_answered' });
    await staff.post(base).send({ note: '  ' }).expect(422);
    await staff
      .post(`/api/admin/clients/${other.client.id}/tasks/${task.id}/requests/${q}/request-changes`)
      .send({ note: 'Again please.' })
      .expect(404);
    const [row] = await db.query('SELECT COUNT(*) AS n FROM request_changes WHERE task_id = ?', [
      task.id,
    ]);
    expect(Number(row.n)).toBe(0);
  });
});
