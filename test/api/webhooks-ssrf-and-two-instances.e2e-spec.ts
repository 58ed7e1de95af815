// Issue 12 item 7, the delivery rules that need more than one app:
// - production rules (WEBHOOK_ALLOW_LOCAL off, as production always is): only https, and no
//   private, loopback, link-local or metadata target, refused at registration and again at
//   delivery (an endpoint registered where local targets were allowed is never POSTed to);
// - two instances on one database: the fan-out runs once per tick (job lease) and every delivery
//   is POSTed once, whichever instance claims it (each polls every 50 ms).
import type { INestApplication } from '@nestjs/common';
import type { CreatedWebhookView, Page, WebhookDeliveryView } from '@app/contracts';
import { createApp } from '../../apps/api/src/app.factory';
import { WebhookJobs } from '../../apps/api/src/webhooks/webhook.jobs';
import { StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';
import { eventually } from './outbox-helpers';
import { WebhookReceiver } from './webhook-receiver';

const LOCAL = { WEBHOOK_ALLOW_LOCAL: 'true', WEBHOOK_POLL_MS: '50', WEBHOOK_RETRY_BASE_MS: '100' };

describe('webhook targets under production rules (SSRF)', () => {
  let receiver: WebhookReceiver;
  let local: TestApp;
  let strict: INestApplication;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    local = await createTestApp(LOCAL);
    strict = await createApp({ ...local.env, WEBHOOK_ALLOW_LOCAL: 'false' });
    await strict.init();
  });
  afterAll(async () => {
    await strict?.close();
    await local?.close();
    await receiver?.stop();
  });

  it('refuses http and private, loopback, link-local and metadata targets at registration', async () => {
    const admin = await StaffApi.signIn(strict.getHttpServer() as never);
    const port = new URL(receiver.url).port;
    for (const url of [
      `${receiver.url}/hook`, // http
      `https://127.0.0.1:${port}/hook`,
      `https://localhost:${port}/hook`,
      'https://10.0.0.8/hook',
      'https://192.168.1.20/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://[fd00::1]/hook',
      'https://[fe80::1]/hook',
      'https://user:secret@example.com/hook',
    ]) {
      const res = await admin.post('/api/admin/webhooks').send({ url, events: ['task.sent'] });
      expect({ url, status: res.status, error: res.body.error }).toEqual({
        url,
        status: 422,
        error: 'webhook_url_refused',
      });
      expect(typeof res.body.message).toBe('string');
    }
  });

  it('refuses a private target at delivery too, and says why in the log', async () => {
    // Registered where local targets are allowed (tests, development) …
    const localAdmin = await StaffApi.signIn(local.http);
    const port = new URL(receiver.url).port;
    const created = (
      await localAdmin
        .post('/api/admin/webhooks')
        .send({ url: `https://127.0.0.1:${port}/private`, events: ['task.sent'] })
        .expect(201)
    ).body as CreatedWebhookView;
    // … then only the production-rules instance delivers.
    await local.app.get(WebhookJobs).beforeApplicationShutdown();
    const client = await localAdmin.createClient();
    const task = await localAdmin.createTask(client.id);
    await localAdmin.dispatch(client.id, [task.id]);
    const strictAdmin = await StaffApi.signIn(strict.getHttpServer() as never);
    const [delivery] = await eventually('a refused attempt', async () => {
      const page = (
        await strictAdmin.get(`/api/admin/webhooks/${created.id}/deliveries`).expect(200)
      ).body as Page<WebhookDeliveryView>;
      return page.items[0]?.attempts ? page.items : null;
    });
    expect(delivery.status).toBe('pending');
    expect(delivery.lastError).toMatch(/loopback address \(127\.0\.0\.1\)/);
    expect(delivery.lastStatusCode).toBeNull();
    expect(receiver.received.filter((r) => r.path === '/private')).toHaveLength(0);
  });
});

describe('webhooks on two instances', () => {
  let receiver: WebhookReceiver;
  let first: TestApp;
  let second: INestApplication;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    first = await createTestApp(LOCAL);
    second = await createApp(first.env);
    await second.init();
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await receiver?.stop();
  });

  it('the fan-out runs once per tick and every delivery is POSTed once', async () => {
    const admin = await StaffApi.signIn(first.http);
    const created = (
      await admin
        .post('/api/admin/webhooks')
        .send({ url: `${receiver.url}/two`, events: ['task.sent'] })
        .expect(201)
    ).body as CreatedWebhookView;
    receiver.secrets.set('/two', created.secret);
    // Both instances tick on their own timers (every 50 ms) from here on.
    const client = await admin.createClient();
    const tasks = [];
    for (let i = 0; i < 30; i++)
      tasks.push((await admin.createTask(client.id, { title: `T${i}` })).id);
    for (let i = 0; i < 30; i += 3) await admin.dispatch(client.id, tasks.slice(i, i + 3));
    await eventually(
      'every delivery',
      () => Promise.resolve(receiver.delivered('/two').length >= 30 ? true : null),
      30_000,
    );
    // Settle: nothing more arrives.
    const page = (
      await admin.get(`/api/admin/webhooks/${created.id}/deliveries?limit=100`).expect(200)
    ).body as Page<WebhookDeliveryView>;
    expect(page.total).toBe(30);
    expect(page.items.every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
    expect(receiver.delivered('/two')).toHaveLength(30);
    expect(receiver.duplicates('/two')).toEqual([]);
    expect(receiver.received.every((r) => r.signed)).toBe(true);

    // Forced together on one tick with an event waiting: at most one fan-out runs (the other
    // finds the tick taken, or nothing left to do), and still nothing is delivered twice.
    const last = await admin.createTask(client.id, { title: 'Last' });
    await admin.dispatch(client.id, [last.id]);
    const jobs = [first.app.get(WebhookJobs), second.get(WebhookJobs)];
    const results =
      process.env.E2E_DB === 'mariadb'
        ? await Promise.all(jobs.map((j) => j.fanOut()))
        : [await jobs[0].fanOut(), await jobs[1].fanOut()];
    expect(results.filter((r) => r !== null && r > 0).length).toBeLessThanOrEqual(1);
    await eventually(
      'the last delivery',
      () => Promise.resolve(receiver.delivered('/two').length === 31 ? true : null),
      30_000,
    );
    expect(receiver.duplicates('/two')).toEqual([]);
  });
});
