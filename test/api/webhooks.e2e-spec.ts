// Issue 12 item 7, signed webhooks: an admin registers an endpoint (the secret shown once);
// client activity and task events reach a real local HTTP receiver as signed JSON POSTs
// (X-Portal-Event, X-Portal-Delivery, X-Portal-Signature t=…,v1=HMAC-SHA256("<t>.<body>"));
// refused attempts are retried with back-off until answered, never duplicated; after
// WEBHOOK_MAX_ATTEMPTS a delivery is failed and visible in the log, and a replay sends it again.
// Only admins manage webhooks. Runs with WEBHOOK_ALLOW_LOCAL (http://127.0.0.1); the SSRF rules
// of production are in webhooks-ssrf.e2e-spec.ts.
import request from 'supertest';
import type {
  CreatedWebhookView,
  Page,
  StaffLoginResponse,
  WebhookDeliveryView,
  WebhookEndpointView,
  WebhookPayload,
} from '@app/contracts';
import { clientWithTask, requestOf } from '../factories/client-api';
import { StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';
import { eventually } from './outbox-helpers';
import { WebhookReceiver } from './webhook-receiver';

const FAST = {
  WEBHOOK_ALLOW_LOCAL: 'true',
  WEBHOOK_POLL_MS: '50',
  WEBHOOK_RETRY_BASE_MS: '100',
  WEBHOOK_RETRY_MAX_MS: '400',
  WEBHOOK_MAX_ATTEMPTS: '4',
};

describe('signed webhooks', () => {
  let t: TestApp;
  let admin: StaffApi;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    t = await createTestApp(FAST);
    admin = await StaffApi.signIn(t.http);
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.stop();
  });

  async function register(path: string, events: string[]): Promise<CreatedWebhookView> {
    const res = await admin
      .post('/api/admin/webhooks')
      .send({ url: `${receiver.url}${path}`, events, description: `receiver ${path}` })
      .expect(201);
    const created = res.body as CreatedWebhookView;
    receiver.secrets.set(path, created.secret);
    return created;
  }

  const log = async (endpointId: string, query = ''): Promise<Page<WebhookDeliveryView>> =>
    (await admin.get(`/api/admin/webhooks/${endpointId}/deliveries${query}`).expect(200))
      .body as Page<WebhookDeliveryView>;

  it('registers an endpoint: the secret is shown once, never listed again', async () => {
    const created = await register('/once', ['task.sent']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ events: ['task.sent'], active: true });
    const list = (await admin.get('/api/admin/webhooks').expect(200)).body as WebhookEndpointView[];
    expect(list.find((e) => e.id === created.id)).toBeDefined();
    expect(JSON.stringify(list)).not.toContain(created.secret);
    const one = await admin.get(`/api/admin/webhooks/${created.id}`).expect(200);
    expect(one.body).not.toHaveProperty('secret');
    await request(t.http)
      .delete(`/api/admin/webhooks/${created.id}`)
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(204);
    receiver.secrets.delete('/once');
  });

  it('refuses bad input with 4xx and a snake_code', async () => {
    for (const body of [
      { url: `${receiver.url}/x`, events: [] },
      { url: `${receiver.url}/x`, events: ['task.exploded'] },
      { url: 'ftp://example.com/', events: ['task.sent'] },
      { url: 'not a url', events: ['task.sent'] },
      { events: ['task.sent'] },
    ]) {
      const res = await admin.post('/api/admin/webhooks').send(body);
      expect(res.status).toBe(422);
      expect(typeof res.body.error).toBe('string');
    }
    await admin.get('/api/admin/webhooks/not-a-uuid/deliveries').expect(400);
    await admin.get('/api/admin/webhooks/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('only admins manage webhooks: a staff-role user gets 403 everywhere', async () => {
    await admin
      .post('/api/admin/staff')
      .send({ username: 'hook.staff', password: 'a long staff pass phrase', role: 'staff' })
      .expect(201);
    const login = await request(t.http)
      .post('/api/staff/login')
      .send({ username: 'hook.staff', password: 'a long staff pass phrase' })
      .expect(200);
    const token = (login.body as StaffLoginResponse).token;
    const id = '00000000-0000-4000-8000-000000000000';
    const calls = [
      request(t.http).get('/api/admin/webhooks'),
      request(t.http)
        .post('/api/admin/webhooks')
        .send({ url: `${receiver.url}/s`, events: ['task.sent'] }),
      request(t.http).get(`/api/admin/webhooks/${id}`),
      request(t.http).patch(`/api/admin/webhooks/${id}`).send({ active: false }),
      request(t.http).delete(`/api/admin/webhooks/${id}`),
      request(t.http).get(`/api/admin/webhooks/${id}/deliveries`),
      request(t.http).post(`/api/admin/webhooks/${id}/deliveries/${id}/replay`),
    ];
    for (const call of calls) {
      const res = await call.set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(403);
    }
  });

  it('client activity arrives signed, once per delivery, retried after refusals', async () => {
    const endpoint = await register('/all', [
      'task.sent',
      'link.redeemed',
      'request.answered',
      'confirmation.declined',
      'message.posted',
      'document.uploaded',
      'task.completed',
    ]);
    receiver.failFirst = 2; // every delivery is refused twice before it is taken
    const { client, task, device } = await clientWithTask(admin, ['question', 'confirmation']);
    await device
      .post(`/api/me/tasks/${task.id}/requests/${requestOf(task, 'question')}/submit`)
      .send({ text: 'Clothing' })
      .expect(200);
    await device
      .post(`/api/me/tasks/${task.id}/requests/${requestOf(task, 'confirmation')}/submit`)
      .send({ decision: 'declined', reason: 'The address moved.' })
      .expect(200);
    await device
      .post(`/api/me/tasks/${task.id}/messages`)
      .send({ body: 'See my answer.' })
      .expect(201);
    // A second client approves: that task completes. (A declined confirmation leaves the task
    // with the firm, so the first one does not.)
    const second = await clientWithTask(admin, ['confirmation']);
    await second.device
      .post(
        `/api/me/tasks/${second.task.id}/requests/${requestOf(second.task, 'confirmation')}/submit`,
      )
      .send({ decision: 'approved' })
      .expect(200);

    const expected = [
      'task.sent',
      'link.redeemed',
      'request.answered',
      'request.answered',
      'confirmation.declined',
      'message.posted',
      'task.sent',
      'link.redeemed',
      'request.answered',
      'task.completed',
    ];
    const got = await eventually(
      'every event delivered',
      () => {
        const ok = receiver.delivered('/all');
        return Promise.resolve(ok.length >= expected.length ? ok : null);
      },
      30_000,
    );
    expect(got.map((r) => r.event).sort()).toEqual([...expected].sort());
    expect(receiver.duplicates('/all')).toEqual([]);
    for (const r of receiver.received.filter((x) => x.path === '/all')) {
      expect(r.signed).toBe(true);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['x-portal-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const payload = JSON.parse(r.body) as WebhookPayload;
      expect(payload.type).toBe(r.event);
      expect([client.id, second.client.id]).toContain(payload.data.clientId);
      // no answer text, token or code in a payload
      expect(r.body).not.toContain('Clothing');
      expect(r.body).not.toContain('address moved');
    }
    // Each delivery was tried three times: two refusals, then taken; the log says so.
    const page = await log(endpoint.id);
    expect(page.total).toBe(expected.length);
    for (const d of page.items) {
      expect(d).toMatchObject({
        status: 'delivered',
        attempts: 3,
        lastStatusCode: 204,
        lastError: null,
      });
    }
    const tries = receiver.received.filter((r) => r.deliveryId === page.items[0].id);
    expect(tries.map((r) => r.answered)).toEqual([500, 500, 204]);
    // Back-off: the second wait is longer than the first (100 ms then 200 ms, ±25 %).
    expect(tries[2].at - tries[1].at).toBeGreaterThanOrEqual(tries[1].at - tries[0].at - 40);
    receiver.failFirst = 0;
  });

  it('after WEBHOOK_MAX_ATTEMPTS a delivery is failed and visible; a replay sends it again', async () => {
    receiver.failing.add('/down');
    const endpoint = await register('/down', ['task.sent']);
    const client = await admin.createClient();
    const task = await admin.createTask(client.id);
    await admin.dispatch(client.id, [task.id]);
    const [failed] = await eventually(
      'the delivery failed',
      async () => {
        const page = await log(endpoint.id, '?status=failed');
        return page.total === 1 ? page.items : null;
      },
      30_000,
    );
    expect(failed).toMatchObject({ status: 'failed', attempts: 4, lastStatusCode: 500 });
    expect(failed.lastError).toContain('500');
    expect(receiver.received.filter((r) => r.path === '/down')).toHaveLength(4);

    receiver.failing.delete('/down');
    const replayed = await admin
      .post(`/api/admin/webhooks/${endpoint.id}/deliveries/${failed.id}/replay`)
      .expect(202);
    expect(replayed.body).toMatchObject({ id: failed.id, status: 'pending', attempts: 0 });
    await eventually('the replay delivered', async () => {
      const page = await log(endpoint.id, '?status=delivered');
      return page.total === 1 ? page.items : null;
    });
    const ok = receiver.delivered('/down');
    expect(ok).toHaveLength(1);
    expect(ok[0].deliveryId).toBe(failed.id);
    expect(ok[0].signed).toBe(true);
    // A delivery still queued is not replayed twice.
    const again = await admin.post(
      `/api/admin/webhooks/${endpoint.id}/deliveries/${failed.id}/replay`,
    );
    expect(again.status).toBe(202);
    const pending = await admin.post(
      `/api/admin/webhooks/${endpoint.id}/deliveries/${failed.id}/replay`,
    );
    expect([202, 409]).toContain(pending.status);
  });

  it('an inactive endpoint gets nothing; events are chosen per endpoint', async () => {
    const endpoint = await register('/quiet', ['message.posted']);
    await request(t.http)
      .patch(`/api/admin/webhooks/${endpoint.id}`)
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ active: false })
      .expect(200);
    const { task, device } = await clientWithTask(admin, ['question']);
    await device.post(`/api/me/tasks/${task.id}/messages`).send({ body: 'Hello' }).expect(201);
    // The /all endpoint (still active) hears the message; /quiet does not.
    await eventually('the message delivered elsewhere', () =>
      Promise.resolve(
        receiver
          .delivered('/all')
          .some(
            (r) =>
              (JSON.parse(r.body) as WebhookPayload).data.taskId === task.id &&
              r.event === 'message.posted',
          )
          ? true
          : null,
      ),
    );
    expect(receiver.received.filter((r) => r.path === '/quiet')).toHaveLength(0);
    expect((await log(endpoint.id)).total).toBe(0);
  });
});
