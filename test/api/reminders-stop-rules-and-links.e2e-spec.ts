// Issue 13, items 1 and 2: the stop rules (task done, closed, cancelled or withdrawn; the client
// acted since the last reminder) and reminders that never weaken device binding: a reminder's
// link opens the tasks only on the device holding them (elsewhere: declined, Send Access Link),
// and for tasks no device holds yet it opens nothing anywhere (issue 14: a scanner never gets in
// through a reminder): the original link still works once, and Send Access Link from the
// reminder's page works in the browser that asks. Firm in New York; the clock moves day by day;
// links are read out of the real e-mails.
import type { ClientRemindersResponse, ClientView, TaskDetail } from '@app/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ReminderJob } from '../../apps/api/src/reminders/reminder.job';
import { browserAgent, StaffApi } from '../factories/staff-api';
import { createTestApp, TEST_PUBLIC_URL, TestApp } from '../support/app';
import { extractLink, mailsTo, waitForMail } from '../support/mail';
import { drainOutbox, isDigest, nyTime, setClock } from './reminders-helpers';

interface Sent {
  client: ClientView;
  task: TaskDetail;
  token: string;
}

describe('reminder stop rules, and reminder links that keep device binding', () => {
  let t: TestApp;
  let job: ReminderJob;
  const c: Record<string, Sent> = {};
  const phone = () => phoneAgent;
  let phoneAgent: ReturnType<typeof browserAgent>;

  /** 10:00 in New York on `date`: the job's tick. */
  const tickOn = async (date: string) => {
    setClock(t.app, nyTime(date, '10:00'));
    // Mail leaves before the clock moves on (a jump past a sending claim's lease could resend).
    if ((await job.tick())?.digests) await drainOutbox(t.app);
  };
  const at = (date: string, hhmm: string) => setClock(t.app, nyTime(date, hhmm));
  const staff = () => StaffApi.signIn(t.http);
  const reminders = async (s: Sent) =>
    (
      (await (await staff()).get(`/api/admin/clients/${s.client.id}/reminders`).expect(200))
        .body as ClientRemindersResponse
    ).reminders
      .map(
        (r) =>
          `${r.localDate} ${r.reason} ${r.outcome}${r.outcome === 'sent' ? ` ${r.access}` : ''}`,
      )
      .reverse();
  /** The latest digest to the client, waited for in the catcher. */
  const digestLink = async (s: Sent, after: number) =>
    extractLink(
      await waitForMail({ to: s.client.email, subjectIncludes: 'reminder of your', after }),
      TEST_PUBLIC_URL,
    );

  beforeAll(async () => {
    t = await createTestApp({
      FIRM_TIME_ZONE: 'America/New_York',
      FIRM_BUSINESS_HOURS: '09:00-17:00',
    });
    job = t.app.get(ReminderJob);
    phoneAgent = browserAgent(t.http);
    at('2027-03-01', '10:00');
    const s = await staff();
    for (const label of ['unopened', 'asker', 'held', 'closed', 'cancelled', 'withdrawn']) {
      const client = await s.createClient(undefined, `Client ${label}`);
      const task = await s.createTask(client.id, { title: `Task ${label}`, dueDate: '2027-03-10' });
      const after = Date.now();
      await s.dispatch(client.id, [task.id]);
      const mail = await waitForMail({ to: client.email, after: after - 1000 });
      c[label] = { client, task, token: extractLink(mail, TEST_PUBLIC_URL).token };
    }
    await drainOutbox(t.app);
    // The held client opens the link on a phone right away.
    await phone().post('/api/links/redeem').send({ token: c.held.token }).expect(200);
  });
  afterAll(() => t.close());

  it('runs the timeline: stop rules hold and reminder links keep device binding', async () => {
    // 2 March: staff close one task, cancel another, withdraw a third's link.
    at('2027-03-02', '09:30');
    const s = await staff();
    await s
      .post(`/api/admin/clients/${c.closed.client.id}/tasks/${c.closed.task.id}/close`)
      .expect(200);
    await s
      .post(`/api/admin/clients/${c.cancelled.client.id}/tasks/${c.cancelled.task.id}/cancel`)
      .expect(200);
    const links = (await s.get(`/api/admin/clients/${c.withdrawn.client.id}/links`).expect(200))
      .body as { id: string }[];
    await s
      .post(`/api/admin/clients/${c.withdrawn.client.id}/links/${links[0].id}/revoke`)
      .expect(204);
    await tickOn('2027-03-02');

    // 3 March: the unopened links get their reminder, a link born used (issue 14).
    const beforeDigest = Date.now();
    await tickOn('2027-03-03');
    const reminder = await digestLink(c.unopened, beforeDigest);
    expect(reminder.token).not.toBe(c.unopened.token);
    const askerReminder = await digestLink(c.asker, beforeDigest);

    // 4 March: the reminder's link redeems nothing in any browser (a scanner, a fresh one); its
    // page says the tasks are not held yet and the original link still works.
    at('2027-03-04', '11:00');
    const linkRows = async (clientId: string) =>
      JSON.stringify(
        await t.app
          .get(DataSource)
          .query('SELECT id, used_at, revoked_at FROM links WHERE client_id = ? ORDER BY id', [
            clientId,
          ]),
      );
    const rowsBefore = await linkRows(c.unopened.client.id);
    for (const scanner of [browserAgent(t.http), browserAgent(t.http)]) {
      const seen = await scanner
        .post('/api/links/status')
        .send({ token: reminder.token })
        .expect(200);
      expect(seen.body).toMatchObject({ state: 'declined', unheld: true, originalWorks: true });
      expect(seen.body.taskCount).toBeUndefined();
      const pressed = await scanner
        .post('/api/links/redeem')
        .send({ token: reminder.token })
        .expect(403);
      expect(pressed.body.error).toBe('link_declined');
      await scanner.get('/api/me/tasks').expect(401);
    }
    expect(await linkRows(c.unopened.client.id)).toBe(rowsBefore);
    // The original link was left as it was: it works once, on the laptop.
    const laptop = browserAgent(t.http);
    const original = await laptop
      .post('/api/links/status')
      .send({ token: c.unopened.token })
      .expect(200);
    expect(original.body.state).toBe('ready');
    await laptop.post('/api/links/redeem').send({ token: c.unopened.token }).expect(200);
    const tablet = browserAgent(t.http);
    const declined = await tablet
      .post('/api/links/redeem')
      .send({ token: c.unopened.token })
      .expect(403);
    expect(declined.body.error).toBe('link_declined');
    await laptop.get('/api/me/tasks').expect(200);
    await tablet.get('/api/me/tasks').expect(401);
    // Now held: the reminder's link opens the tasks on the laptop only.
    const onLaptop = await laptop.post('/api/links/status').send({ token: reminder.token });
    expect(onLaptop.body.state).toBe('trusted');
    const onTablet = await tablet.post('/api/links/status').send({ token: reminder.token });
    expect(onTablet.body.state).toBe('declined');
    expect(onTablet.body.unheld).toBeUndefined();

    // The other unopened client presses Send Access Link on the reminder's page instead: the
    // e-mailed link and code work in her browser only, which becomes the trusted device.
    const home = browserAgent(t.http);
    const asked = Date.now();
    await home.post('/api/links/access-link').send({ token: askerReminder.token }).expect(202);
    const accessMail = await waitForMail({
      to: c.asker.client.email,
      subjectIncludes: 'access link',
      after: asked,
    });
    const access = extractLink(accessMail, TEST_PUBLIC_URL);
    const stranger = browserAgent(t.http);
    const elsewhere = await stranger
      .post('/api/links/redeem')
      .send({ token: access.token })
      .expect(403);
    expect(elsewhere.body.error).toBe('link_other_device');
    await home.post('/api/links/redeem').send({ token: access.token }).expect(200);
    const homeTasks = await home.get('/api/me/tasks').expect(200);
    expect(JSON.stringify(homeTasks.body)).toContain(c.asker.task.id);
    await stranger.get('/api/me/tasks').expect(401);

    for (const day of ['2027-03-04', '2027-03-05', '2027-03-08', '2027-03-09']) await tickOn(day);

    // 10 March, the due date: the held client's digest carries a link born used.
    const dueDay = Date.now();
    await tickOn('2027-03-10');
    const held = await digestLink(c.held, dueDay);
    expect(held.token).not.toBe(c.held.token);
    // The holding phone opens it straight to its tasks.
    const onPhone = await phone().post('/api/links/status').send({ token: held.token }).expect(200);
    expect(onPhone.body.state).toBe('trusted');
    const opened = await phone().post('/api/links/redeem').send({ token: held.token }).expect(200);
    expect(JSON.stringify(opened.body)).toContain(c.held.task.id);
    // Any other browser (a forwarded mail, a scanner): declined, like a used link; nothing moves.
    const other = browserAgent(t.http);
    const seen = await other.post('/api/links/status').send({ token: held.token }).expect(200);
    expect(seen.body.state).toBe('declined');
    expect(JSON.stringify(seen.body)).not.toContain(c.held.task.title);
    const refused = await other.post('/api/links/redeem').send({ token: held.token }).expect(403);
    expect(refused.body.error).toBe('link_declined');
    await other.get('/api/me/tasks').expect(401);
    await phone().get('/api/me/tasks').expect(200);
    // …and its one way forward is Send Access Link, to the order address.
    await other.post('/api/links/access-link').send({ token: held.token }).expect(202);
    await waitForMail({ to: c.held.client.email, subjectIncludes: 'access link', after: dueDay });
    await phone().get('/api/me/tasks').expect(200);

    // 11 March: the unopened client, now on the laptop, writes a message.
    at('2027-03-11', '11:00');
    await laptop
      .post(`/api/me/tasks/${c.unopened.task.id}/messages`)
      .send({ body: 'Working on it.' })
      .expect(201);
    for (const day of ['2027-03-11', '2027-03-12', '2027-03-15', '2027-03-16', '2027-03-17']) {
      await tickOn(day);
    }
    for (const day of ['2027-03-18', '2027-03-19', '2027-03-22', '2027-03-23', '2027-03-24']) {
      await tickOn(day);
    }
    await drainOutbox(t.app);

    // Opened on 4 March: the 8 March reminder is skipped; the due date reminds again; the
    // message of 11 March skips 17 March; 24 March reminds.
    expect(await reminders(c.unopened)).toEqual([
      '2027-03-03 link_unopened sent unheld',
      '2027-03-08 before_due skipped',
      '2027-03-10 due_today sent held',
      '2027-03-17 overdue skipped',
      '2027-03-24 overdue sent held',
    ]);
    // Opened at once on the phone: the first point is skipped, then the schedule runs.
    expect(await reminders(c.held)).toEqual([
      '2027-03-08 before_due skipped',
      '2027-03-10 due_today sent held',
      '2027-03-17 overdue sent held',
      '2027-03-24 overdue sent held',
    ]);
    // Closed, cancelled, withdrawn: no reminder, no digest, no mail.
    for (const label of ['closed', 'cancelled', 'withdrawn']) {
      expect(await reminders(c[label])).toEqual([]);
      expect((await mailsTo(c[label].client.email)).filter(isDigest)).toEqual([]);
    }
    const [skips] = await t.app
      .get(DataSource)
      .query<{ n: number }[]>(
        "SELECT COUNT(*) AS n FROM audit_events WHERE type = 'reminder.skipped' AND client_id = ?",
        [c.unopened.client.id],
      );
    expect(Number(skips.n)).toBe(2);
  });

  it('a task completed by the client gets no more reminders', async () => {
    at('2027-04-05', '09:30');
    const s = await staff();
    const client = await s.createClient(undefined, 'Client done');
    const task = await s.createTask(client.id, {
      title: 'One question',
      dueDate: '2027-04-08',
      requests: [{ kind: 'question', prompt: 'Which colour?' }],
    });
    const after = Date.now();
    await s.dispatch(client.id, [task.id]);
    const { token } = extractLink(await waitForMail({ to: client.email, after }), TEST_PUBLIC_URL);
    const browser = browserAgent(t.http);
    await browser.post('/api/links/redeem').send({ token }).expect(200);
    await browser
      .post(`/api/me/tasks/${task.id}/requests/${task.requests[0].id}/submit`)
      .send({ text: 'Blue' })
      .expect((res) => expect(res.status).toBeLessThan(300));
    for (const day of ['2027-04-06', '2027-04-07', '2027-04-08', '2027-04-09', '2027-04-16']) {
      await tickOn(day);
    }
    const res = await request(t.http)
      .get(`/api/admin/clients/${client.id}/reminders`)
      .set('Authorization', `Bearer ${(await staff()).token}`)
      .expect(200);
    expect((res.body as ClientRemindersResponse).reminders).toEqual([]);
  });
});
