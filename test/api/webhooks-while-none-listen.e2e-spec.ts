// Issue 11 (with issue 12's webhooks): an endpoint hears what happens while it is active, from its
// creation or its last resume on. So while no endpoint is active the fan-out reads and marks no
// activity event at all (marking every event cost redeem about a tenth of its database time), and
// events of such a time are never delivered later, to a new endpoint or a resumed one. Passes
// (fan-out, then delivery) are driven by hand (the app's own timer is an hour) so the order of
// events, registrations and fan-outs is the test's; deliveries go to a real local receiver.
import type { CreatedWebhookView, WebhookPayload } from '@app/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { clientWithTask } from '../factories/client-api';
import { StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';
import { WebhookJobs } from '../../apps/api/src/webhooks/webhook.jobs';
import { WebhooksService } from '../../apps/api/src/webhooks/webhooks.service';
import { WebhookReceiver } from './webhook-receiver';

describe('webhooks: nothing read or marked while no endpoint listens', () => {
  let t: TestApp;
  let admin: StaffApi;
  let receiver: WebhookReceiver;
  let jobs: WebhookJobs;
  let webhooks: WebhooksService;
  let ds: DataSource;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    t = await createTestApp({ WEBHOOK_ALLOW_LOCAL: 'true', WEBHOOK_POLL_MS: '3600000' });
    admin = await StaffApi.signIn(t.http);
    jobs = t.app.get(WebhookJobs);
    webhooks = t.app.get(WebhooksService);
    ds = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.stop();
  });

  async function register(path: string): Promise<CreatedWebhookView> {
    const res = await admin
      .post('/api/admin/webhooks')
      .send({ url: `${receiver.url}${path}`, events: ['message.posted', 'task.sent'] })
      .expect(201);
    const created = res.body as CreatedWebhookView;
    receiver.secrets.set(path, created.secret);
    return created;
  }

  const setActive = (id: string, active: boolean) =>
    request(t.http)
      .patch(`/api/admin/webhooks/${id}`)
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ active })
      .expect(200);
  const remove = (id: string) =>
    request(t.http)
      .delete(`/api/admin/webhooks/${id}`)
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(204);

  /** One pass, as a tick that holds the job lease makes it: fan-out, then delivery. */
  async function pass(): Promise<void> {
    await webhooks.fanOut();
    await jobs.deliverDue();
  }

  /** The fan-out marks of these events' rows: true when marked. */
  async function marked(taskId: string): Promise<boolean[]> {
    const rows = await ds.query<{ at: unknown }[]>(
      'SELECT fanned_out_at AS at FROM activity_events WHERE task_id = ? ORDER BY created_at',
      [taskId],
    );
    expect(rows.length).toBeGreaterThan(0);
    return rows.map((r) => r.at !== null);
  }

  /** Posts a message on the task; returns its text. */
  async function post(device: request.Agent, taskId: string, text: string): Promise<void> {
    await device.post(`/api/me/tasks/${taskId}/messages`).send({ body: text }).expect(201);
  }

  const heard = (path: string, taskId: string) =>
    receiver
      .delivered(path)
      .filter((r) => (JSON.parse(r.body) as WebhookPayload).data.taskId === taskId)
      .map((r) => r.event);

  it('with no endpoint: no fan-out work, events stay unmarked; a new endpoint never hears them', async () => {
    const { task, device } = await clientWithTask(admin, ['question']);
    await post(device, task.id, 'before any endpoint');
    expect(await webhooks.hasEventsToFanOut()).toBe(false);
    expect(await jobs.fanOut()).toBe(0); // not even the job lease is claimed
    expect(await webhooks.fanOut()).toBe(0);
    expect(await marked(task.id)).toEqual([false, false]); // task.sent, message.posted

    const a = await register('/a');
    await pass();
    expect(await marked(task.id)).toEqual([false, false]); // before /a's time: not read
    expect(heard('/a', task.id)).toEqual([]);

    // From its creation on, /a hears the task's activity, and those events are marked.
    await post(device, task.id, 'after /a');
    await pass();
    expect(heard('/a', task.id)).toEqual(['message.posted']);
    expect(await marked(task.id)).toEqual([false, false, true]);
    await remove(a.id);
  });

  it('paused, an endpoint hears nothing; resumed, only what happens after', async () => {
    const b = await register('/b');
    const { task, device } = await clientWithTask(admin, ['question']);
    await pass();
    expect(heard('/b', task.id)).toEqual(['task.sent']);

    await setActive(b.id, false);
    await post(device, task.id, 'while paused');
    await pass();
    expect(await marked(task.id)).toEqual([true, false]); // no endpoint active: left alone

    await setActive(b.id, true);
    await pass();
    expect(heard('/b', task.id)).toEqual(['task.sent']); // the paused time's message: never
    await post(device, task.id, 'after the resume');
    await pass();
    expect(heard('/b', task.id)).toEqual(['task.sent', 'message.posted']);
    expect(await marked(task.id)).toEqual([true, false, true]);

    // Setting active an endpoint already active does not move its time.
    const c = await register('/c');
    await post(device, task.id, 'for /b and /c');
    await setActive(c.id, true);
    await pass();
    expect(heard('/c', task.id)).toEqual(['message.posted']);
  });

  it('with two endpoints, each hears from its own time on', async () => {
    const { task, device } = await clientWithTask(admin, ['question']);
    await pass(); // /b and /c hear task.sent
    await post(device, task.id, 'before /d');
    const d = await register('/d'); // created after that message, before the fan-out ran
    await pass();
    expect(heard('/b', task.id)).toEqual(['task.sent', 'message.posted']);
    expect(heard('/d', task.id)).toEqual([]);
    await post(device, task.id, 'after /d');
    await pass();
    expect(heard('/d', task.id)).toEqual(['message.posted']);
    expect(receiver.duplicates()).toEqual([]);
    await remove(d.id);
  });
});
