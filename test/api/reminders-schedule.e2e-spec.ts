// Issue 13 (SPEC rule 25), item 1: due dates and automatic reminders. The firm is in New York
// (a non-UTC zone, crossing the 14 March 2027 DST change), open 09:00-17:00 Monday to Friday.
// The clock is moved day by day and the digest job ticks as the scheduler would; every e-mail is
// read from the real SMTP catcher and every reminder from the staff endpoint.
import type { ClientRemindersResponse, TaskRemindersResponse } from '@app/contracts';
import { DataSource } from 'typeorm';
import { ReminderJob } from '../../apps/api/src/reminders/reminder.job';
import { StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';
import { mailsTo, type CaughtMail } from '../support/mail';
import {
  businessDays,
  drainOutbox,
  isDigest,
  nyTime,
  setClock,
  RemindedClient,
  remindedDates,
  staffPatch,
} from './reminders-helpers';

const FIRM = {
  FIRM_TIME_ZONE: 'America/New_York',
  FIRM_BUSINESS_HOURS: '09:00-17:00',
  FIRM_BUSINESS_DAYS: 'mon-fri',
  REMINDER_UNOPENED_LINK_DAYS: '0',
};

describe('reminders follow the schedule, in the firm time zone and business hours', () => {
  let t: TestApp;
  let job: ReminderJob;
  const clients: Record<string, RemindedClient> = {};

  beforeAll(async () => {
    t = await createTestApp(FIRM);
    job = t.app.get(ReminderJob);
    // Monday 1 March 2027, 10:00 in New York (15:00 UTC).
    setClock(t.app, nyTime('2027-03-01', '10:00'));
    const staff = await StaffApi.signIn(t.http);
    const make = async (
      label: string,
      tasks: Record<string, unknown>[],
    ): Promise<RemindedClient> => {
      const client = await staff.createClient(undefined, `Client ${label}`);
      const made = [];
      for (const task of tasks) made.push(await staff.createTask(client.id, task));
      await staff.dispatch(
        client.id,
        made.map((m) => m.id),
      );
      return { client, tasks: made };
    };
    clients.firm = await make('default', [
      { title: 'Sign the declaration', dueDate: '2027-03-10' },
      { title: 'Send the logo', dueDate: '2027-04-30' },
    ]);
    clients.override = await make('override', [
      {
        title: 'Confirm the goods',
        dueDate: '2027-03-10',
        reminders: { daysBefore: [1], overdueEveryDays: 0, max: 2 },
      },
    ]);
    clients.off = await make('off', [
      { title: 'No reminders please', dueDate: '2027-03-10', reminders: { off: true } },
    ]);
    clients.statutory = await make('statutory', [
      { title: 'Office action response', dueDate: '2027-03-22', statutory: true },
    ]);
    clients.capped = await make('capped', [{ title: 'Overdue forever', dueDate: '2027-03-10' }]);
    // The firm's default then changes for this one task only: every 7 days overdue, at most 3.
    await staffPatch(
      staff,
      `/api/admin/clients/${clients.capped.client.id}/tasks/${clients.capped.tasks[0].id}`,
    )
      .send({ reminders: { max: 3 } })
      .expect(200);
    await drainOutbox(t.app);
  });
  afterAll(() => t.close());

  it('ticks outside business hours in the firm zone do nothing', async () => {
    // Monday 8 March: 13:30 UTC is 08:30 in New York (UTC would call it business hours).
    setClock(t.app, new Date('2027-03-08T13:30:00Z'));
    expect(await job.tick()).toBeNull();
    setClock(t.app, nyTime('2027-03-06', '11:00')); // a Saturday
    expect(await job.tick()).toBeNull();
    const rows = await t.app.get(DataSource).query('SELECT id FROM reminder_digests');
    expect(rows).toEqual([]);
  });

  it('sends the days the schedule says: before, on, every k days overdue, at most N', async () => {
    // Each business day at 10:00 New York from 2 March to 9 April (DST starts on 14 March).
    for (const day of businessDays('2027-03-02', '2027-04-09')) {
      setClock(t.app, nyTime(day, '10:00'));
      const ran = await job.tick();
      expect(ran).not.toBeNull();
      // Mail leaves before the clock moves on (a jump past a sending claim's lease could send
      // it again: the test's clock, not the product).
      if (ran?.digests) await drainOutbox(t.app);
      // A second tick later the same day sends nothing more.
      setClock(t.app, nyTime(day, '16:30'));
      expect((await job.tick())?.digests ?? 0).toBe(0);
    }
    await drainOutbox(t.app);
    const staff = await StaffApi.signIn(t.http);
    const dates = async (c: RemindedClient) => remindedDates(staff, c.client.id);

    // 3 days before (Sunday 7 March, caught up on Monday 8), on the day, then 17, 24, 31 March
    // overdue: 5 reminders, the firm's maximum.
    expect(await dates(clients.firm)).toEqual([
      '2027-03-08',
      '2027-03-10',
      '2027-03-17',
      '2027-03-24',
      '2027-03-31',
    ]);
    // Override: 1 day before, on the day, nothing overdue, at most 2.
    expect(await dates(clients.override)).toEqual(['2027-03-09', '2027-03-10']);
    expect(await dates(clients.off)).toEqual([]);
    expect(await dates(clients.capped)).toEqual(['2027-03-08', '2027-03-10', '2027-03-17']);
    // Statutory: 14, 7, 3 days before (2 and 1 fall on the weekend), on the day, then every
    // business day overdue, up to 12.
    expect(await dates(clients.statutory)).toEqual([
      '2027-03-08',
      '2027-03-15',
      '2027-03-19',
      '2027-03-22',
      '2027-03-23',
      '2027-03-24',
      '2027-03-25',
      '2027-03-26',
      '2027-03-29',
      '2027-03-30',
      '2027-03-31',
      '2027-04-01',
    ]);

    // The staff view of one task: its settings, the schedule in force and its reminders.
    const task = clients.override.tasks[0];
    const view = (
      await staff
        .get(`/api/admin/clients/${clients.override.client.id}/tasks/${task.id}/reminders`)
        .expect(200)
    ).body as TaskRemindersResponse;
    expect(view).toMatchObject({
      statutory: false,
      settings: { daysBefore: [1], overdueEveryDays: 0, max: 2 },
      schedule: { daysBefore: [1], onDueDate: true, overdueEveryDays: 0, max: 2 },
    });
    expect(view.reminders.map((r) => [r.localDate, r.reason, r.outcome])).toEqual([
      ['2027-03-10', 'due_today', 'sent'],
      ['2027-03-09', 'before_due', 'sent'],
    ]);

    // Each reminder was audited.
    const [audited] = await t.app
      .get(DataSource)
      .query<{ n: number }[]>(
        "SELECT COUNT(*) AS n FROM audit_events WHERE type = 'reminder.sent' AND client_id = ?",
        [clients.statutory.client.id],
      );
    expect(Number(audited.n)).toBe(12);
  });

  it('one digest per client per day, listing every open task with its due date', async () => {
    const mails = (await mailsTo(clients.firm.client.email)).filter(isDigest);
    expect(mails).toHaveLength(5);
    const first = mails[0];
    expect(first.subject).toBe('Client Portal: reminder of your 2 open tasks');
    expect(first.text).toContain('Sign the declaration');
    expect(first.text).toContain('Reminder: due Wednesday, 10 March 2027 (in 2 days)');
    // The task not due yet is listed with its due date, not as a reminder.
    expect(first.text).toContain('Send the logo');
    expect(first.text).toMatch(/\n {2}due Friday, 30 April 2027 \(in 53 days\)/);
    expect(mails[1].text).toContain('Reminder: due today, Wednesday, 10 March 2027');
    expect(mails[2].text).toContain('Reminder: overdue: it was due Wednesday, 10 March 2027');
    // Sent within business hours in New York (10:00 local).
    const digests = await t.app
      .get(DataSource)
      .query<{ local_date: string; n: number }[]>(
        'SELECT local_date, COUNT(*) AS n FROM reminder_digests WHERE client_id = ? GROUP BY local_date',
        [clients.firm.client.id],
      );
    expect(digests.every((d) => Number(d.n) === 1)).toBe(true);
    expect(await mailsTo(clients.off.client.email).then((m) => m.filter(isDigest))).toEqual([]);
  });

  it('statutory deadlines get firmer wording as the date nears', async () => {
    const mails: CaughtMail[] = (await mailsTo(clients.statutory.client.email)).filter(isDigest);
    expect(mails).toHaveLength(12);
    // 14 days before: an official deadline, stated plainly.
    expect(mails[0].subject).toBe('Client Portal: reminder of your 1 open task');
    expect(mails[0].text).toContain('This is an official deadline: it cannot be moved.');
    // 3 days before: urgent.
    expect(mails[2].text).toContain('This official deadline is 3 days away');
    // On the day and after: final notice, in the subject too.
    expect(mails[3].subject).toBe('Client Portal: urgent, an official deadline is due');
    expect(mails[3].text).toContain('Final notice: this official deadline cannot be moved');
    expect(mails[4].text).toContain('Final notice: this official deadline has passed.');

    const staff = await StaffApi.signIn(t.http);
    const list = (
      await staff.get(`/api/admin/clients/${clients.statutory.client.id}/reminders`).expect(200)
    ).body as ClientRemindersResponse;
    expect(list.reminders).toHaveLength(12);
    expect(list.reminders.every((r) => r.statutory)).toBe(true);
    expect(list.digests.filter((d) => d.outcome === 'sent')).toHaveLength(12);
  });
});
