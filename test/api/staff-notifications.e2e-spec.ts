// Issue 12 item 6, staff notifications: client activity on a task reaches its owner by e-mail
// through the outbox (read here from the SMTP catcher), naming the client, the task and what
// happened, with a link into the workspace; batched by default (at most one mail per owner per
// STAFF_NOTIFY_WINDOW_MINUTES, the clock moved), immediate or off per staff user (each their
// own setting); tasks without an owner go to FIRM_NOTIFY_EMAIL; what staff did themselves is
// not news to them. Two instances: the job lease runs each tick once and no mail is doubled.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type {
  ComposeTaskResponse,
  NotificationSettingsView,
  StaffLoginResponse,
  TaskDetail,
} from '@app/contracts';
import { createApp } from '../../apps/api/src/app.factory';
import { Clock } from '../../apps/api/src/common/clock';
import { NotificationsJob } from '../../apps/api/src/notifications/notifications.job';
import { NotificationsService } from '../../apps/api/src/notifications/notifications.service';
import { StaffApi, uniqueEmail } from '../factories/staff-api';
import { browserAgent } from '../factories/staff-api';
import { createTestApp, TEST_PUBLIC_URL, TestApp } from '../support/app';
import { CaughtMail, extractLink, mailsTo } from '../support/mail';
import { eventually } from './outbox-helpers';

const MINUTE = 60_000;
const FIRM = uniqueEmail('firm-desk');

describe('staff notifications of client activity', () => {
  let t: TestApp;
  let admin: StaffApi;
  const staff: Record<string, { id: string; email: string; api: StaffApi }> = {};

  beforeAll(async () => {
    t = await createTestApp({
      FIRM_NOTIFY_EMAIL: FIRM,
      STAFF_NOTIFY_WINDOW_MINUTES: '10',
      // The spec runs the job itself; the timer would rarely fire within a test anyway.
      STAFF_NOTIFY_POLL_MS: '3600000',
    });
    admin = await StaffApi.signIn(t.http);
    for (const name of ['bert', 'olive', 'otto']) {
      const email = uniqueEmail(name);
      const created = await admin
        .post('/api/admin/staff')
        .send({ username: name, password: 'a long staff pass phrase', role: 'staff', email })
        .expect(201);
      const login = await request(t.http)
        .post('/api/staff/login')
        .send({ username: name, password: 'a long staff pass phrase' })
        .expect(200);
      staff[name] = {
        id: (created.body as { id: string }).id,
        email,
        api: new StaffApi(t.http, (login.body as StaffLoginResponse).token),
      };
    }
  });
  afterAll(() => t?.close());

  const run = () => t.app.get(NotificationsService).run();
  const advance = (ms: number) => t.app.get(Clock).advance(ms);
  /** Staff notices to the address, their text with line wrapping undone. */
  const notices = async (to: string): Promise<CaughtMail[]> =>
    (await mailsTo(to))
      .filter((m) => m.subject.includes('update'))
      .map((m) => ({ ...m, text: m.text.replace(/\s+/g, ' ') }));

  /** A task owned by `owner` (or nobody), sent, and a device of the client that opened it. */
  async function sentTask(owner: string | null, kinds = ['question', 'question', 'document']) {
    const client = await admin.createClient(
      uniqueEmail('client'),
      `Client of ${owner ?? 'nobody'}`,
    );
    let task: { id: string; reference: string; title: string };
    const requests = kinds.map((kind, i) => ({ kind, prompt: `${kind} ${i + 1}?` }));
    const title = `Specimen of use for ${owner ?? 'nobody'} ${Math.random().toString(36).slice(2, 6)}`;
    if (owner) {
      const res = await admin
        .post(`/api/admin/clients/${client.id}/compose`)
        .send({ title, requests, ownerStaffId: staff[owner].id });
      expect(res.status).toBe(201);
      task = (res.body as ComposeTaskResponse).task;
    } else {
      task = await admin.createTask(client.id, { title, requests: requests as never });
      await admin.dispatch(client.id, [task.id]);
    }
    const mail = await eventually('the link e-mail', async () => {
      const found = (await mailsTo(client.email)).find((m) => m.subject.includes('to complete'));
      return found ?? null;
    });
    const device = browserAgent(t.http);
    await device
      .post('/api/links/redeem')
      .send({ token: extractLink(mail, TEST_PUBLIC_URL).token })
      .expect(200);
    const detail = (await device.get(`/api/me/tasks/${task.id}`).expect(200)).body as TaskDetail;
    return { client, task, detail, device };
  }

  async function answer(
    device: ReturnType<typeof browserAgent>,
    detail: TaskDetail,
    nth: number,
  ): Promise<void> {
    const q = detail.requests.filter((r) => r.kind === 'question')[nth];
    await device
      .post(`/api/me/tasks/${detail.id}/requests/${q.id}/submit`)
      .send({ text: 'Clothing and shoes' })
      .expect(200);
  }

  it('each staff user reads and changes their own setting; batched is the default', async () => {
    const own = (await staff.bert.api.get('/api/admin/me/notification-settings').expect(200))
      .body as NotificationSettingsView;
    expect(own).toEqual({ mode: 'batched', email: staff.bert.email, windowMinutes: 10 });
    const put = (name: string, mode: unknown) =>
      request(t.http)
        .put('/api/admin/me/notification-settings')
        .set('Authorization', `Bearer ${staff[name].api.token}`)
        .send({ mode });
    expect((await put('olive', 'immediate')).body).toMatchObject({ mode: 'immediate' });
    expect((await put('otto', 'off')).body).toMatchObject({ mode: 'off' });
    const bad = await put('bert', 'hourly');
    expect(bad.status).toBe(422);
    expect(bad.body.error).toBe('validation_failed');
    // Olive's change is hers alone.
    expect(
      (await staff.bert.api.get('/api/admin/me/notification-settings').expect(200)).body,
    ).toMatchObject({ mode: 'batched' });
  });

  it('batched: one mail per window naming the client, the task and what happened', async () => {
    const { client, task, detail, device } = await sentTask('bert');
    await answer(device, detail, 0);
    await answer(device, detail, 1);
    await device.post(`/api/me/tasks/${task.id}/messages`).send({ body: 'Done.' }).expect(201);
    await run();
    advance(5 * MINUTE);
    await run();
    expect(await notices(staff.bert.email)).toHaveLength(0); // the window has not passed

    advance(5 * MINUTE + 1000);
    expect(await run()).toMatchObject({ mails: 1 });
    const [mail] = await eventually('the batched notice', async () => {
      const got = await notices(staff.bert.email);
      return got.length ? got : null;
    });
    expect(mail.subject).toContain(`4 updates from ${client.name} on ${task.reference}`);
    expect(mail.text).toContain(
      `${client.name} opened the task from an e-mail link, answered 2 requests and wrote a message.`,
    );
    expect(mail.text).toContain(task.title);
    // The link opens the staff task view (/staff/clients/:clientId/tasks/:taskId).
    const view = `${TEST_PUBLIC_URL}/staff/clients/${client.id}/tasks/${task.id}`;
    expect(mail.text).toContain(view);
    expect(mail.html).toContain(view);
    // The answer itself is not in the mail.
    expect(mail.text).not.toContain('Clothing and shoes');

    // More activity right after the mail: the next mail waits a full window after the last.
    await device.post(`/api/me/tasks/${task.id}/messages`).send({ body: 'One more.' }).expect(201);
    advance(MINUTE);
    await run();
    advance(8 * MINUTE);
    expect(await run()).toMatchObject({ mails: 0 });
    advance(2 * MINUTE);
    expect(await run()).toMatchObject({ mails: 1 });
    const both = await eventually('the second notice', async () => {
      const got = await notices(staff.bert.email);
      return got.length === 2 ? got : null;
    });
    expect(both.map((m) => m.subject)).toContain(
      `${t.env.FIRM_NAME ?? 'Client Portal'}: an update from ${client.name} on ${task.reference}`,
    );
    expect(both.some((m) => m.text.includes(`${client.name} wrote a message.`))).toBe(true);
  });

  it('immediate: the owner hears at the next run; a declined confirmation says so', async () => {
    const { client, task, detail, device } = await sentTask('olive', ['confirmation']);
    await device
      .post(`/api/me/tasks/${task.id}/requests/${detail.requests[0].id}/submit`)
      .send({ decision: 'declined', reason: 'Wrong address' })
      .expect(200);
    expect(await run()).toMatchObject({ mails: 1 });
    const [mail] = await eventually('the immediate notice', async () => {
      const got = await notices(staff.olive.email);
      return got.length ? got : null;
    });
    // (A declined confirmation leaves the task with the firm, not completed.)
    expect(mail.text).toContain(
      `${client.name} opened the task from an e-mail link and declined a confirmation.`,
    );
    expect(mail.text).not.toContain('answered');
  });

  it('off: no mail at all; no owner: the firm-wide address; staff actions are not news', async () => {
    const off = await sentTask('otto', ['question']);
    await answer(off.device, off.detail, 0);
    const none = await sentTask(null, ['question']);
    await answer(none.device, none.detail, 0);
    await run();
    advance(11 * MINUTE);
    await run();
    const firm = await eventually('the firm-wide notice', async () => {
      const got = await notices(FIRM);
      return got.length ? got : null;
    });
    expect(firm).toHaveLength(1);
    expect(firm[0].text).toContain(
      `${none.client.name} opened the task from an e-mail link, answered a request and completed the task.`,
    );
    expect(firm[0].text).not.toContain(off.client.name);
    expect(await notices(staff.otto.email)).toHaveLength(0);
    // What staff did (the send, task.sent) is not news to them: only the client's three updates.
    expect(firm[0].subject).toContain(`3 updates from ${none.client.name}`);
  });
});

describe('staff notifications on two instances', () => {
  let first: TestApp;
  let second: INestApplication;
  beforeAll(async () => {
    first = await createTestApp({
      FIRM_NOTIFY_EMAIL: uniqueEmail('firm-two'),
      STAFF_NOTIFY_WINDOW_MINUTES: '10',
      STAFF_NOTIFY_POLL_MS: '60000',
    });
    second = await createApp(first.env);
    await second.init();
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('both instances tick at once: one runs each tick, one mail per window, no duplicate', async () => {
    const clocks = [first.app.get(Clock), second.get(Clock)];
    // Each instance's clock is real time plus its offset, and a tick's two claims come some
    // milliseconds apart: had a one-minute slot ended between them, each instance would claim
    // a slot of its own and both would run (as two instances ticking either side of a slot's end
    // do, one run per slot). Start one second into a slot; the test ends long before the next.
    const into = clocks[0].now().getTime() % MINUTE;
    for (const c of clocks) c.advance((MINUTE - into + 1_000) % MINUTE);
    const admin = await StaffApi.signIn(first.http);
    const firm = first.env.FIRM_NOTIFY_EMAIL;
    const clients = [];
    for (let i = 0; i < 3; i++) {
      const client = await admin.createClient(uniqueEmail(`two${i}`), `Two ${i}`);
      const task = await admin.createTask(client.id, {
        requests: [{ kind: 'question', prompt: 'Which goods?' }],
      });
      await admin.dispatch(client.id, [task.id]);
      const mail = await eventually('the link e-mail', async () => {
        const found = (await mailsTo(client.email)).find((m) => m.subject.includes('to complete'));
        return found ?? null;
      });
      const device = browserAgent(first.http);
      await device
        .post('/api/links/redeem')
        .send({ token: extractLink(mail, TEST_PUBLIC_URL).token })
        .expect(200);
      const detail = (await device.get(`/api/me/tasks/${task.id}`).expect(200)).body as TaskDetail;
      await device
        .post(`/api/me/tasks/${task.id}/requests/${detail.requests[0].id}/submit`)
        .send({ text: 'Shoes' })
        .expect(200);
      clients.push(client);
    }
    const jobs = [first.app.get(NotificationsJob), second.get(NotificationsJob)];
    const tickBoth = async (ms: number) => {
      for (const c of clocks) c.advance(ms);
      // Two SQLite connections in one process cannot overlap (see reminders-two-instances).
      return process.env.E2E_DB === 'mariadb'
        ? Promise.all(jobs.map((j) => j.tick()))
        : [await jobs[0].tick(), await jobs[1].tick()];
    };
    // While notices wait, each tick runs on exactly one instance; the window passes at the 10th.
    let mails = 0;
    for (let minute = 1; minute <= 10; minute++) {
      const results = await tickBoth(MINUTE);
      expect({ minute, ran: results.filter((r) => r !== null).length }).toEqual({ minute, ran: 1 });
      mails += results.reduce((n, r) => n + (r?.mails ?? 0), 0);
    }
    expect(mails).toBe(1);
    // Nothing left: idle ticks claim nothing and send nothing.
    expect(await tickBoth(MINUTE)).toEqual([null, null]);
    const got = await eventually('the firm notice', async () => {
      const all = (await mailsTo(firm)).filter((m) => m.subject.includes('update'));
      // (subject only: the text is checked in the spec above)
      return all.length ? all : null;
    });
    expect(got).toHaveLength(1);
    // Per client: the link opened, the answer, the task completed.
    expect(got[0].subject).toContain('9 updates from clients on 3 tasks');
    for (const c of clients) expect(got[0].text).toContain(c.name);
  });
});
