// Issue 12 item 4: the task template library and compose-and-send in one step (a task from a
// template with overrides, or from scratch, with a due date and an owner, sent at once).
import request from 'supertest';
import type { ComposeTaskResponse, StaffLoginResponse, TaskTemplateView } from '@app/contracts';
import { DataSource } from 'typeorm';
import { StaffApi, uniqueEmail } from '../factories/staff-api';
import { createTestApp, TEST_ADMIN, TEST_PUBLIC_URL, TestApp } from '../support/app';
import { extractLink, waitForMail } from '../support/mail';

const POA = {
  name: 'Power of attorney (compose spec)',
  title: 'Sign the power of attorney',
  description: 'We need your signed power of attorney to file on your behalf.',
  requests: [
    { kind: 'document', prompt: 'Upload the signed power of attorney.' },
    { kind: 'confirmation', prompt: 'Confirm the applicant name and address are correct.' },
  ],
  dueInDays: 10,
};

const patch = (api: StaffApi, path: string) =>
  request(api.http).patch(path).set('Authorization', `Bearer ${api.token}`);
const del = (api: StaffApi, path: string) =>
  request(api.http).delete(path).set('Authorization', `Bearer ${api.token}`);

async function staffMember(t: TestApp, admin: StaffApi, role: 'staff' | 'admin') {
  const username = `h5-${role}-${Math.random().toString(36).slice(2, 8)}`;
  const password = 'Correct-Horse-Battery-42';
  const created = await admin
    .post('/api/admin/staff')
    .send({ username, password, role })
    .expect(201);
  const login = await request(t.http)
    .post('/api/staff/login')
    .send({ username, password })
    .expect(200);
  return {
    id: (created.body as { id: string }).id,
    username,
    api: new StaffApi(t.http, (login.body as StaffLoginResponse).token),
  };
}

describe('compose and send in one step, from the template library', () => {
  let t: TestApp;
  let admin: StaffApi;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await StaffApi.signIn(t.http);
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('keeps a template library that staff (not only admins) create, edit and list', async () => {
    const paralegal = await staffMember(t, admin, 'staff');
    const created = (await paralegal.api.post('/api/admin/task-templates').send(POA).expect(201))
      .body as TaskTemplateView;
    expect(created).toMatchObject({ ...POA, statutory: false, uses: 0, archivedAt: null });

    const patched = await patch(paralegal.api, `/api/admin/task-templates/${created.id}`)
      .send({ dueInDays: 14, statutory: true })
      .expect(200);
    expect(patched.body).toMatchObject({ dueInDays: 14, statutory: true, title: POA.title });

    const list = (await admin.get('/api/admin/task-templates').expect(200))
      .body as TaskTemplateView[];
    expect(list.map((x) => x.id)).toContain(created.id);

    // The name is unique; bad input is a 4xx with a human message.
    const taken = await admin.post('/api/admin/task-templates').send(POA).expect(409);
    expect(taken.body).toMatchObject({ error: 'template_name_taken' });
    const bad = await admin
      .post('/api/admin/task-templates')
      .send({ ...POA, name: 'Other', requests: [{ kind: 'video', prompt: 'x' }], dueInDays: 0 })
      .expect(422);
    expect(bad.body.message).toEqual(expect.any(String));
    await admin.get('/api/admin/task-templates/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('composes from a template with overrides: one request creates the task with its owner and due date and sends it', async () => {
    const template = (
      await admin
        .post('/api/admin/task-templates')
        .send({ ...POA, name: 'Specimen of use (compose spec)', dueInDays: 7 })
        .expect(201)
    ).body as TaskTemplateView;
    const owner = await staffMember(t, admin, 'staff');
    const client = await admin.createClient(uniqueEmail('compose'), 'Ada Compose');
    const sentAfter = Date.now();
    const res = await admin
      .post(`/api/admin/clients/${client.id}/compose`)
      .send({ templateId: template.id, title: 'Specimen for ACME shoes', ownerStaffId: owner.id })
      .expect(201);
    const body = res.body as ComposeTaskResponse;
    expect(body.task).toMatchObject({
      title: 'Specimen for ACME shoes',
      description: POA.description,
      clientId: client.id,
      ownerStaffId: owner.id,
      status: 'open',
      totalRequests: 2,
    });
    expect(body.task.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Every staff member sees who owns it by name (listing staff users is for admins only).
    const seenByStaff = await owner.api
      .get(`/api/admin/clients/${client.id}/tasks/${body.task.id}`)
      .expect(200);
    expect(seenByStaff.body).toMatchObject({ ownerStaffId: owner.id, ownerName: owner.username });
    expect(body.task.requests.map((r) => r.kind)).toEqual(['document', 'confirmation']);
    expect(body.dispatch).toMatchObject({
      clientId: client.id,
      mode: 'link',
      taskIds: [body.task.id],
    });
    expect(body.sent).toEqual({ to: client.email, mode: 'link', mail: 'dispatch-link' });

    const mail = await waitForMail({ to: client.email, after: sentAfter - 1000 });
    expect(mail.text).toContain('Specimen for ACME shoes');
    expect(extractLink(mail, TEST_PUBLIC_URL).url).toContain('/l/');

    const [row] = await db.query('SELECT owner_staff_id, dispatched_at FROM tasks WHERE id = ?', [
      body.task.id,
    ]);
    expect(row.owner_staff_id).toBe(owner.id);
    expect(row.dispatched_at).not.toBeNull();
    const detail = await admin.get(`/api/admin/task-templates/${template.id}`).expect(200);
    expect(detail.body.uses).toBe(1);

    // A used template is archived, not deleted, and can no longer be composed from.
    const removed = await del(admin, `/api/admin/task-templates/${template.id}`).expect(200);
    expect(removed.body).toEqual({ outcome: 'archived' });
    const refused = await admin
      .post(`/api/admin/clients/${client.id}/compose`)
      .send({ templateId: template.id })
      .expect(409);
    expect(refused.body).toMatchObject({ error: 'template_archived' });
    const listed = (await admin.get('/api/admin/task-templates').expect(200))
      .body as TaskTemplateView[];
    expect(listed.map((x) => x.id)).not.toContain(template.id);
    const all = (await admin.get('/api/admin/task-templates?archived=include').expect(200))
      .body as TaskTemplateView[];
    expect(all.find((x) => x.id === template.id)?.archivedAt).toEqual(expect.any(String));
  });

  it('composes from scratch with the caller as owner; a client not yet portal-enabled gets a PIN', async () => {
    const client = (
      await admin
        .post('/api/admin/clients')
        .send({
          email: uniqueEmail('pin'),
          name: 'Pat Pin',
          portalEnabledFrom: '2099-01-01T00:00:00Z',
        })
        .expect(201)
    ).body as { id: string; email: string };
    const res = await admin
      .post(`/api/admin/clients/${client.id}/compose`)
      .send({
        title: 'Goods and services',
        requests: [{ kind: 'question', prompt: 'Which goods do you sell?' }],
        dueDate: '2027-01-15',
      })
      .expect(201);
    const body = res.body as ComposeTaskResponse;
    expect(body.sent).toEqual({ to: client.email, mode: 'pin', mail: 'dispatch-pin' });
    expect(body.task).toMatchObject({ dueDate: '2027-01-15' });
    const [me] = await db.query('SELECT owner_staff_id FROM tasks WHERE id = ?', [body.task.id]);
    const [adminRow] = await db.query('SELECT id FROM staff WHERE username = ?', [
      TEST_ADMIN.username,
    ]);
    expect(me.owner_staff_id).toBe(adminRow.id);
    await waitForMail({ to: client.email, subjectIncludes: 'PIN' });
  });

  it('stores nothing when the input is wrong: no title, another client, a template that does not exist, an owner who is not staff', async () => {
    const client = await admin.createClient(uniqueEmail('nothing'));
    const count = async () =>
      Number(
        (await db.query('SELECT COUNT(*) AS n FROM tasks WHERE client_id = ?', [client.id]))[0].n,
      );
    const noTitle = await admin
      .post(`/api/admin/clients/${client.id}/compose`)
      .send({ requests: [{ kind: 'question', prompt: 'Why?' }] })
      .expect(422);
    expect(noTitle.body).toMatchObject({
      error: 'validation_failed',
      fields: { title: expect.any(Array) },
    });
    await admin
      .post(`/api/admin/clients/${client.id}/compose`)
      .send({ templateId: '00000000-0000-4000-8000-000000000000' })
      .expect(404);
    const badOwner = await admin
      .post(`/api/admin/clients/${client.id}/compose`)
      .send({
        title: 'x',
        requests: [{ kind: 'question', prompt: 'Why?' }],
        ownerStaffId: '00000000-0000-4000-8000-000000000000',
      })
      .expect(422);
    expect(badOwner.body.fields).toHaveProperty('ownerStaffId');
    await admin
      .post('/api/admin/clients/00000000-0000-4000-8000-000000000000/compose')
      .send({ title: 'x', requests: [{ kind: 'question', prompt: 'Why?' }] })
      .expect(404);
    expect(await count()).toBe(0);
    const outbox = await db.query('SELECT id FROM mail_outbox WHERE to_address = ?', [
      client.email,
    ]);
    expect(outbox).toEqual([]);
  });

  it('is closed to anyone who is not staff', async () => {
    await request(t.http).post('/api/admin/task-templates').send(POA).expect(401);
    await request(t.http)
      .post('/api/admin/clients/00000000-0000-4000-8000-000000000000/compose')
      .send({})
      .expect(401);
  });
});
