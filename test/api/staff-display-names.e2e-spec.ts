// Issue 12 item 5: staff replies show the staff member's name to the client. Staff have a
// display name (admins set it; each member may edit their own); a staff message carries its
// author, and the client's thread, the admin API and the reply notice name them.
import request from 'supertest';
import { DataSource } from 'typeorm';
import type {
  AdminTaskView,
  StaffLoginResponse,
  StaffSessionView,
  StaffView,
  TaskDetail,
} from '@app/contracts';
import { trustedBrowser } from '../factories/account-api';
import { browserAgent, StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';
import { waitForMail } from '../support/mail';

describe('staff display names', () => {
  let t: TestApp;
  let admin: StaffApi;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await StaffApi.signIn(t.http);
  });
  afterAll(() => t.close());

  const patch = (api: StaffApi, path: string): request.Test =>
    request(t.http).patch(path).set('Authorization', `Bearer ${api.token}`);

  async function staffMember(
    username: string,
    displayName?: string,
  ): Promise<{ view: StaffView; api: StaffApi; password: string }> {
    const password = `${username} long pass phrase`;
    const view = (
      await admin
        .post('/api/admin/staff')
        .send({ username, password, role: 'staff', ...(displayName ? { displayName } : {}) })
        .expect(201)
    ).body as StaffView;
    const login = await request(t.http)
      .post('/api/staff/login')
      .send({ username, password })
      .expect(200);
    return { view, api: new StaffApi(t.http, (login.body as StaffLoginResponse).token), password };
  }

  it('admins set a display name (trimmed; default the username) and refuse a bad one with 422', async () => {
    const { view } = await staffMember('anna.names', '  Anna Berg  ');
    expect(view).toMatchObject({ username: 'anna.names', displayName: 'Anna Berg' });
    const plain = await staffMember('plain.names');
    expect(plain.view.displayName).toBe('plain.names');

    for (const displayName of ['', '   ', 'Bell\u0007', 'x'.repeat(101), 'Evil\u202eexe', 42]) {
      const res = await admin
        .post('/api/admin/staff')
        .send({
          username: 'bad.names',
          password: 'bad names pass phrase',
          role: 'staff',
          displayName,
        })
        .expect(422);
      expect(res.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
      expect(res.body.fields).toHaveProperty('displayName');
    }
    for (const displayName of [null, '', 'Tab\there']) {
      const res = await patch(admin, `/api/admin/staff/${view.id}`)
        .send({ displayName })
        .expect(422);
      expect(res.body.fields).toHaveProperty('displayName');
    }
    const renamed = await patch(admin, `/api/admin/staff/${view.id}`)
      .send({ displayName: 'Anna Berg-Lund ' })
      .expect(200);
    expect((renamed.body as StaffView).displayName).toBe('Anna Berg-Lund');
    const list = (await admin.get('/api/admin/staff').expect(200)).body as StaffView[];
    expect(list.find((s) => s.id === view.id)?.displayName).toBe('Anna Berg-Lund');
  });

  it("a staff reply shows the replier's name to the client (device cookie) and in the admin API; the other client's task never shows it", async () => {
    const { api: anna } = await staffMember('anna.reply', 'Anna Reply-Berg');
    const a = await trustedBrowser(t.http, admin);
    const b = await trustedBrowser(t.http, admin);
    await a.agent
      .post(`/api/me/tasks/${a.task.id}/messages`)
      .send({ body: 'A question.' })
      .expect(201);
    const sentAfter = Date.now() - 500;
    const reply = await anna
      .post(`/api/admin/clients/${a.client.id}/tasks/${a.task.id}/messages`)
      .send({ body: 'An answer.' })
      .expect(201);
    expect(reply.body).toMatchObject({ author: 'staff', authorName: 'Anna Reply-Berg' });
    const notice = await waitForMail({
      to: a.client.email,
      subjectIncludes: 'new message',
      after: sentAfter,
    });
    expect(notice.text).toContain('Anna Reply-Berg');
    // The admin's own reply names the admin (the username until an admin sets a name).
    await admin
      .post(`/api/admin/clients/${a.client.id}/tasks/${a.task.id}/messages`)
      .send({ body: 'And from me.' })
      .expect(201);

    const seen = (await a.agent.get(`/api/me/tasks/${a.task.id}`).expect(200)).body as TaskDetail;
    expect(seen.messages?.map((m) => [m.author, m.authorName, m.body])).toEqual([
      ['client', null, 'A question.'],
      ['staff', 'Anna Reply-Berg', 'An answer.'],
      ['staff', 'admin', 'And from me.'],
    ]);
    const staffSide = (
      await admin.get(`/api/admin/clients/${a.client.id}/tasks/${a.task.id}`).expect(200)
    ).body as AdminTaskView;
    expect(staffSide.messages?.map((m) => m.authorName)).toEqual([
      null,
      'Anna Reply-Berg',
      'admin',
    ]);

    // The other client: A's task is not there (404), and nothing it sees names Anna.
    await b.agent.get(`/api/me/tasks/${a.task.id}`).expect(404);
    const other = await b.agent.get(`/api/me/tasks/${b.task.id}`).expect(200);
    expect(JSON.stringify(other.body)).not.toContain('Anna Reply-Berg');
    const list = await b.agent.get('/api/me/tasks').expect(200);
    expect(JSON.stringify(list.body)).not.toContain('Anna Reply-Berg');

    // A later rename shows on the thread at once (the name is read, not copied).
    const [row] = await t.app
      .get(DataSource)
      .query('SELECT author_staff_id FROM task_messages WHERE task_id = ? AND body = ?', [
        a.task.id,
        'An answer.',
      ]);
    await patch(admin, `/api/admin/staff/${row.author_staff_id as string}`)
      .send({ displayName: 'Anna Berg' })
      .expect(200);
    const again = (await a.agent.get(`/api/me/tasks/${a.task.id}`).expect(200)).body as TaskDetail;
    expect(again.messages?.[1].authorName).toBe('Anna Berg');
  });

  it('a staff member edits their own name and address in the workspace; the session shows it; an integration token may not', async () => {
    const { view, password } = await staffMember('sam.profile', 'Sam');
    const workspace = browserAgent(t.http);
    const signedIn = await workspace
      .post('/api/staff/session')
      .send({ username: 'sam.profile', password })
      .expect(200);
    expect((signedIn.body as StaffSessionView).staff.displayName).toBe('Sam');
    const changed = await workspace
      .patch('/api/staff/session/profile')
      .send({ displayName: ' Sam Patel ', email: 'Sam.Patel@Firm.example' })
      .expect(200);
    expect((changed.body as StaffSessionView).staff).toMatchObject({
      id: view.id,
      displayName: 'Sam Patel',
      email: 'sam.patel@firm.example',
      role: 'staff',
    });
    const current = (await workspace.get('/api/staff/session').expect(200))
      .body as StaffSessionView;
    expect(current.staff.displayName).toBe('Sam Patel');
    await workspace.patch('/api/staff/session/profile').send({ displayName: '' }).expect(422);
    // The role is not theirs to change: the field is refused, the role stays.
    await workspace.patch('/api/staff/session/profile').send({ role: 'admin' }).expect(422);
    const list = (await admin.get('/api/admin/staff').expect(200)).body as StaffView[];
    expect(list.find((s) => s.id === view.id)).toMatchObject({
      role: 'staff',
      displayName: 'Sam Patel',
    });

    const created = await admin
      .post('/api/admin/integration-tokens')
      .send({ name: 'Profile check' })
      .expect(201);
    const refused = await request(t.http)
      .patch('/api/staff/session/profile')
      .set('Authorization', `Bearer ${created.body.token as string}`)
      .send({ displayName: 'Robot' })
      .expect(403);
    expect(refused.body.error).toBe('integration_cannot_edit_profile');
  });
});
