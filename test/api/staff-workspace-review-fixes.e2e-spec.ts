// Issue 12 review fixes (the staff workspace API):
// - PATCH bodies with null for a field that has no "none" answer 422 with a field message, never
//   500 (webhooks events/active/url, staff role, clients name/email, tasks title/statutory);
// - closing a task from the workspace records task.completed, so a webhook subscribed to it gets
//   a delivery;
// - staff ending a client's session is audited (session.revoked, actor staff);
// - creating, changing and removing a webhook is audited (URL host and events, never the secret);
// - a template's requests are bounded in all (they are one TEXT column: 50 x 2,000 characters
//   answered 500 on MariaDB), and the largest allowed fits on MariaDB too;
// - two admins demoting or disabling each other at once leave at least one active admin.
import request from 'supertest';
import type { AuditEventView, CreatedWebhookView, Page, WebhookPayload } from '@app/contracts';
import { createLogin, signedInBrowser, trustedBrowser } from '../factories/account-api';
import { StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';
import { eventually } from './outbox-helpers';
import { WebhookReceiver } from './webhook-receiver';

describe('staff workspace review fixes', () => {
  let t: TestApp;
  let admin: StaffApi;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    t = await createTestApp({ WEBHOOK_ALLOW_LOCAL: 'true', WEBHOOK_POLL_MS: '50' });
    admin = await StaffApi.signIn(t.http);
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.stop();
  });

  const patch = (path: string) =>
    request(t.http).patch(path).set('Authorization', `Bearer ${admin.token}`);
  const audit = async (type: string): Promise<AuditEventView[]> =>
    ((await admin.get(`/api/admin/audit?type=${type}`).expect(200)).body as Page<AuditEventView>)
      .items;

  async function webhook(path: string, events: string[], query = ''): Promise<CreatedWebhookView> {
    const created = (
      await admin
        .post('/api/admin/webhooks')
        .send({ url: `${receiver.url}${path}${query}`, events })
        .expect(201)
    ).body as CreatedWebhookView;
    receiver.secrets.set(path, created.secret);
    return created;
  }

  it('null for a field without a "none" answers 422 with the field named, never 500', async () => {
    const hook = await webhook('/nulls', ['task.sent']);
    const staff = (
      await admin
        .post('/api/admin/staff')
        .send({ username: 'nullable', password: 'a long staff pass phrase', role: 'staff' })
        .expect(201)
    ).body as { id: string };
    const client = await admin.createClient();
    const task = await admin.createTask(client.id);
    const cases: Array<[string, Record<string, null>]> = [
      [`/api/admin/webhooks/${hook.id}`, { events: null }],
      [`/api/admin/webhooks/${hook.id}`, { active: null }],
      [`/api/admin/webhooks/${hook.id}`, { url: null }],
      [`/api/admin/staff/${staff.id}`, { role: null }],
      [`/api/admin/clients/${client.id}`, { name: null }],
      [`/api/admin/clients/${client.id}`, { email: null }],
      [`/api/admin/clients/${client.id}/tasks/${task.id}`, { title: null }],
      [`/api/admin/clients/${client.id}/tasks/${task.id}`, { statutory: null }],
    ];
    for (const [path, body] of cases) {
      const res = await patch(path).send(body);
      expect({ path, body, status: res.status }).toEqual({ path, body, status: 422 });
      expect(res.body).toMatchObject({ error: 'validation_failed' });
      expect(JSON.stringify(res.body.fields)).toContain(Object.keys(body)[0]);
    }
    // Nothing changed.
    const after = (await admin.get(`/api/admin/webhooks/${hook.id}`).expect(200)).body;
    expect(after).toMatchObject({ events: ['task.sent'], active: true });
  });

  it('closing a task from the workspace: a webhook subscribed to task.completed hears it', async () => {
    await webhook('/completed', ['task.completed']);
    const client = await admin.createClient();
    const task = await admin.createTask(client.id);
    await admin.dispatch(client.id, [task.id]);
    await admin.post(`/api/admin/clients/${client.id}/tasks/${task.id}/close`).expect(200);
    const [got] = await eventually('the task.completed delivery', () => {
      const found = receiver.delivered('/completed');
      return Promise.resolve(found.length ? found : null);
    });
    expect(got.event).toBe('task.completed');
    expect(got.signed).toBe(true);
    const payload = JSON.parse(got.body) as WebhookPayload;
    expect(payload).toMatchObject({ type: 'task.completed' });
    expect(JSON.stringify(payload)).toContain(task.id);
  });

  it("staff ending a client's session is in the audit trail with the staff member as actor", async () => {
    const trusted = await trustedBrowser(t.http, admin);
    const login = await createLogin(trusted);
    const browser = await signedInBrowser(t.http, login);
    const sessions = (
      await admin.get(`/api/admin/clients/${trusted.client.id}/sessions`).expect(200)
    ).body as { id: string; kind: string }[];
    const session = sessions.find((s) => s.kind === 'login');
    expect(session).toBeDefined();
    await admin
      .post(`/api/admin/clients/${trusted.client.id}/sessions/${session!.id}/revoke`)
      .expect(204);
    await browser.get('/api/account/access').expect(401);
    const events = (await audit('session.revoked')).filter((e) => e.subjectId === session!.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorType: 'staff',
      clientId: trusted.client.id,
      detail: { by: 'staff' },
    });
    expect(events[0].actorId).toBeTruthy();
    // An id that is no live session of this client still answers 404 (and is not audited).
    await admin
      .post(`/api/admin/clients/${trusted.client.id}/sessions/${session!.id}/revoke`)
      .expect(404);
    expect(
      (await audit('session.revoked')).filter((e) => e.subjectId === session!.id),
    ).toHaveLength(1);
  });

  it('webhook create, change and removal are audited: host and events, never the secret', async () => {
    const hook = await webhook('/audited', ['task.sent'], '?key=receiver-key');
    await patch(`/api/admin/webhooks/${hook.id}`)
      .send({ events: ['task.sent', 'message.posted'] })
      .expect(200);
    await request(t.http)
      .delete(`/api/admin/webhooks/${hook.id}`)
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(204);
    const host = new URL(receiver.url).host;
    const of = async (type: string) => (await audit(type)).filter((e) => e.subjectId === hook.id);
    const [created] = await of('webhook.created');
    const [updated] = await of('webhook.updated');
    const [removed] = await of('webhook.removed');
    expect(created).toMatchObject({ actorType: 'staff', detail: { host, events: 'task.sent' } });
    expect(updated).toMatchObject({
      actorType: 'staff',
      detail: { host, events: 'task.sent,message.posted', changed: 'events' },
    });
    expect(removed).toMatchObject({ actorType: 'staff', detail: { host } });
    const all = JSON.stringify([created, updated, removed]);
    expect(all).not.toContain(hook.secret);
    expect(all).not.toContain('receiver-key');
  });

  it("a template's requests hold at most 20,000 characters in all: 422 in words, and the most fits", async () => {
    const requests = (n: number, char: string) =>
      Array.from({ length: n }, () => ({ kind: 'question', prompt: char.repeat(2000) }));
    const tooMuch = await admin
      .post('/api/admin/task-templates')
      .send({ name: 'Too much', title: 'Too much', requests: requests(50, 'x') });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.fields.requests).toContain(
      'The requests of a template may hold at most 20,000 characters in all.',
    );
    // The most allowed, in three-byte characters, is stored and read back whole.
    const most = await admin
      .post('/api/admin/task-templates')
      .send({ name: 'The most', title: 'The most', requests: requests(10, '語') });
    expect(most.status).toBe(201);
    const id = (most.body as { id: string }).id;
    const edited = await patch(`/api/admin/task-templates/${id}`).send({
      requests: requests(11, 'x'),
    });
    expect(edited.status).toBe(422);
    const read = (await admin.get(`/api/admin/task-templates/${id}`).expect(200)).body as {
      requests: { prompt: string }[];
    };
    expect(read.requests.map((r) => r.prompt.length)).toEqual(Array(10).fill(2000));
  });

  it('two admins demoting or disabling each other at once: one wins, one admin is left', async () => {
    for (const [round, body] of [
      [1, { role: 'staff' }],
      [2, { disabled: true }],
      [3, { role: 'staff' }],
    ] as const) {
      // Only the two contenders are admins.
      const pair: { id: string; token: string }[] = [];
      for (const name of [`racer${round}a`, `racer${round}b`]) {
        const made = (
          await admin
            .post('/api/admin/staff')
            .send({ username: name, password: 'a long staff pass phrase', role: 'admin' })
            .expect(201)
        ).body as { id: string };
        const login = await request(t.http)
          .post('/api/staff/login')
          .send({ username: name, password: 'a long staff pass phrase' })
          .expect(200);
        pair.push({ id: made.id, token: (login.body as { token: string }).token });
      }
      const me = (
        (await admin.get('/api/staff/session').expect(200)).body as { staff: { id: string } }
      ).staff;
      const others = (
        (await admin.get('/api/admin/staff').expect(200)).body as { id: string; role: string }[]
      ).filter((s) => s.role === 'admin' && s.id !== pair[0].id && s.id !== pair[1].id);
      for (const other of others) {
        if (other.id === me.id) continue;
        await patch(`/api/admin/staff/${other.id}`).send({ role: 'staff' });
      }
      // The signed-in test admin steps down through one of the pair, so only the pair is left.
      await request(t.http)
        .patch(`/api/admin/staff/${me.id}`)
        .set('Authorization', `Bearer ${pair[0].token}`)
        .send({ role: 'staff' })
        .expect(200);
      const answers = await Promise.all([
        request(t.http)
          .patch(`/api/admin/staff/${pair[1].id}`)
          .set('Authorization', `Bearer ${pair[0].token}`)
          .send(body),
        request(t.http)
          .patch(`/api/admin/staff/${pair[0].id}`)
          .set('Authorization', `Bearer ${pair[1].token}`)
          .send(body),
      ]);
      // One wins; the other is refused: 409 last_admin when both passed the role check at once,
      // or 403 (401 once disabled) when the loser was no longer an admin when its request was checked.
      const statuses = answers.map((a) => a.status).sort();
      expect([
        [200, 401],
        [200, 403],
        [200, 409],
      ]).toContainEqual(statuses);
      const lost = answers.find((a) => a.status !== 200);
      if (lost?.status === 409) expect(lost.body).toMatchObject({ error: 'last_admin' });
      const left = answers[0].status === 200 ? pair[0] : pair[1];
      const staffNow = (
        await request(t.http)
          .get('/api/admin/staff')
          .set('Authorization', `Bearer ${left.token}`)
          .expect(200)
      ).body as { role: string; disabledAt: string | null }[];
      expect(staffNow.filter((m) => m.role === 'admin' && !m.disabledAt)).toHaveLength(1);
      // Restore the test admin through the admin left.
      await request(t.http)
        .patch(`/api/admin/staff/${me.id}`)
        .set('Authorization', `Bearer ${left.token}`)
        .send({ role: 'admin' })
        .expect(200);
    }
  });
});
