// SPEC rule 19 for issue 4: staff edit clients (and enable the portal from a date), edit,
// cancel and close tasks, read answers and documents, send documents and reply — all described
// in the OpenAPI document.
import request from 'supertest';
import type { AdminTaskView, ClientView, DocumentView, TaskDetail } from '@app/contracts';
import { DataSource } from 'typeorm';
import {
  clientWithTask,
  createStorageTestApp,
  pdfBytes,
  requestOf,
  StorageTestApp,
  upload,
} from '../factories/client-api';
import { StaffApi, uniqueEmail } from '../factories/staff-api';
import { expectOneCreated } from '../support/races';

describe('staff manage clients and tasks', () => {
  let t: StorageTestApp;
  let staff: StaffApi;

  beforeAll(async () => {
    t = await createStorageTestApp();
    staff = await StaffApi.signIn(t.http);
  });
  afterAll(() => t.close());

  const patch = (path: string) =>
    request(t.http).patch(path).set('Authorization', `Bearer ${staff.token}`);

  it('edits a client and enables the portal from a date; bad input gets 422 and changes nothing', async () => {
    const client = await staff.createClient();
    const email = uniqueEmail('renamed');
    const edited = (
      await patch(`/api/admin/clients/${client.id}`)
        .send({
          name: 'Jane Renamed',
          email: `  ${email.toUpperCase()} `,
          portalEnabledFrom: '2031-01-01T00:00:00Z',
        })
        .expect(200)
    ).body as ClientView;
    expect(edited).toMatchObject({
      name: 'Jane Renamed',
      email,
      portalEnabledFrom: '2031-01-01T00:00:00.000Z',
    });
    // Not portal-enabled yet: a dispatch goes out with a PIN (or is refused), never a link.
    const task = await staff.createTask(client.id);
    const dispatch = await staff
      .post(`/api/admin/clients/${client.id}/dispatches`)
      .send({ taskIds: [task.id] });
    if (dispatch.status === 201) expect(dispatch.body.mode).toBe('pin');
    else expect(dispatch.status).toBe(409);

    await patch(`/api/admin/clients/${client.id}`).send({ portalEnabledFrom: 'soon' }).expect(422);
    await patch(`/api/admin/clients/${client.id}`).send({ name: '' }).expect(422);
    const other = await staff.createClient();
    const clash = await patch(`/api/admin/clients/${client.id}`)
      .send({ email: other.email })
      .expect(409);
    expect(clash.body).toMatchObject({
      error: 'email_taken',
      message: 'Another client already has this order email.',
    });
    const now = (await staff.get(`/api/admin/clients/${client.id}`).expect(200)).body as ClientView;
    expect(now).toEqual(edited);
  });

  it('a second client with the same order email answers 409; ten parallel creations give one 201 and nine 409', async () => {
    const first = await staff.createClient();
    const again = await staff
      .post('/api/admin/clients')
      .send({ email: first.email.toUpperCase(), name: 'Jane Again' })
      .expect(409);
    expect(again.body).toMatchObject({
      error: 'email_taken',
      message: 'A client with this order email already exists.',
    });

    const email = uniqueEmail('race');
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        staff.post('/api/admin/clients').send({ email, name: `Racer ${i}` }),
      ),
    );
    await expectOneCreated(
      answers,
      {
        error: 'email_taken',
        message: 'A client with this order email already exists.',
      },
      { db: t.app.get(DataSource), sql: 'SELECT id FROM clients WHERE email = ?', value: email },
    );
  });

  it('edits an open task and appends a request; a closed task cannot be edited', async () => {
    const { client, task } = await clientWithTask(staff, ['question']);
    const base = `/api/admin/clients/${client.id}/tasks/${task.id}`;
    const edited = (
      await patch(base)
        .send({
          title: 'New title',
          dueDate: '2031-02-03',
          addRequests: [{ kind: 'document', prompt: 'Upload the logo' }],
        })
        .expect(200)
    ).body as AdminTaskView;
    expect(edited).toMatchObject({
      title: 'New title',
      dueDate: '2031-02-03',
      totalRequests: 2,
      clientId: client.id,
    });
    expect(edited.requests.map((r) => r.kind)).toEqual(['question', 'document']);
    await patch(base).send({ dueDate: null }).expect(200);
    await patch(base).send({ dueDate: '31/02/2031' }).expect(422);

    const closed = (await staff.post(`${base}/close`).expect(200)).body as AdminTaskView;
    expect(closed).toMatchObject({ status: 'completed' });
    expect(closed.completedAt).toEqual(expect.any(String));
    expect((await staff.post(`${base}/close`).expect(409)).body.error).toBe('task_not_open');
    await patch(base).send({ title: 'x' }).expect(409);
    await staff.post(`${base}/cancel`).expect(409);
  });

  it('cancels a task: the client sees it cancelled and can no longer answer or upload', async () => {
    const { client, task, device } = await clientWithTask(staff, ['question', 'document']);
    const base = `/api/admin/clients/${client.id}/tasks/${task.id}`;
    expect(((await staff.post(`${base}/cancel`).expect(200)).body as AdminTaskView).status).toBe(
      'cancelled',
    );
    const seen = (await device.get(`/api/me/tasks/${task.id}`).expect(200)).body as TaskDetail;
    expect(seen.status).toBe('cancelled');
    await device
      .post(`/api/me/tasks/${task.id}/requests/${requestOf(task, 'question')}/submit`)
      .send({ text: 'a' })
      .expect(409);
    await upload(
      device,
      `/api/me/tasks/${task.id}/requests/${requestOf(task, 'document')}/documents`,
      {
        content: pdfBytes(100),
        filename: 'a.pdf',
      },
    ).expect(409);
    const db = t.app.get(DataSource);
    const audit = await db.query('SELECT type FROM audit_events WHERE subject_id = ?', [task.id]);
    expect(audit).toEqual([{ type: 'task.cancelled' }]);
  });

  it('reads the answers and documents, and sends the client a document', async () => {
    const { client, task, device } = await clientWithTask(staff, ['question', 'document']);
    await device
      .post(`/api/me/tasks/${task.id}/requests/${requestOf(task, 'question')}/submit`)
      .send({ text: 'Blue' })
      .expect(200);
    await upload(
      device,
      `/api/me/tasks/${task.id}/requests/${requestOf(task, 'document')}/documents`,
      {
        content: pdfBytes(1000),
        filename: 'mine.pdf',
      },
    ).expect(201);
    const base = `/api/admin/clients/${client.id}/tasks/${task.id}`;
    const sent = (
      await upload(
        { post: (p: string) => staff.post(p) } as unknown as request.Agent,
        `${base}/documents`,
        { content: pdfBytes(800), filename: 'Certificate.pdf' },
      ).expect(201)
    ).body as DocumentView;
    expect(sent).toMatchObject({
      requestId: null,
      uploadedBy: 'staff',
      filename: 'Certificate.pdf',
    });

    const view = (await staff.get(base).expect(200)).body as AdminTaskView;
    expect(view.requests[0].answer).toMatchObject({
      status: 'submitted',
      text: 'Blue',
      by: 'client',
    });
    expect(view.documents?.map((x) => [x.filename, x.uploadedBy])).toEqual([
      ['mine.pdf', 'client'],
      ['Certificate.pdf', 'staff'],
    ]);
    const mine = (await device.get(`/api/me/tasks/${task.id}`).expect(200)).body as TaskDetail;
    expect(mine.documents?.map((x) => x.filename)).toContain('Certificate.pdf');
    await device.get(`/api/me/tasks/${task.id}/documents/${sent.id}`).expect(200);
    // Another client's path does not reach it.
    const other = await staff.createClient();
    await staff.get(`/api/admin/clients/${other.id}/tasks/${task.id}`).expect(404);
    await staff
      .get(`/api/admin/clients/${other.id}/tasks/${task.id}/documents/${sent.id}`)
      .expect(404);
  });

  it('describes every new admin endpoint in the OpenAPI document, with tags and a summary', async () => {
    const doc = (await request(t.http).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { tags?: string[]; summary?: string }>>;
    };
    const wanted: [string, string][] = [
      ['/api/admin/clients/{clientId}', 'patch'],
      ['/api/admin/clients/{clientId}/tasks/{taskId}', 'patch'],
      ['/api/admin/clients/{clientId}/tasks/{taskId}', 'get'],
      ['/api/admin/clients/{clientId}/tasks/{taskId}/cancel', 'post'],
      ['/api/admin/clients/{clientId}/tasks/{taskId}/close', 'post'],
      ['/api/admin/clients/{clientId}/tasks/{taskId}/documents', 'post'],
      ['/api/admin/clients/{clientId}/tasks/{taskId}/documents/{documentId}', 'get'],
      ['/api/admin/clients/{clientId}/tasks/{taskId}/messages', 'post'],
      ['/api/me/tasks/search', 'get'],
      ['/api/me/tasks/{taskId}/requests/{requestId}/documents', 'post'],
    ];
    for (const [path, method] of wanted) {
      const op = doc.paths[path]?.[method];
      expect({ path, method, tags: op?.tags?.length, summary: !!op?.summary }).toEqual({
        path,
        method,
        tags: 1,
        summary: true,
      });
    }
  });
});
