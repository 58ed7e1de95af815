// Issue 13: one digest per client per day "once across any number of instances". Two app
// instances on one database (MariaDB, or one SQLite file) tick at the same moment: the job
// lease lets one of them run the tick; and even two passes forced to run at once (the lease
// bypassed) queue one digest per client and day, because the (client, date) row is unique and
// written first in the transaction that queues the mail.
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/app.factory';
import { ReminderJob } from '../../apps/api/src/reminders/reminder.job';
import { RemindersService } from '../../apps/api/src/reminders/reminders.service';
import { StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';
import { mailsTo } from '../support/mail';
import { drainOutbox, isDigest, nyTime, setClock } from './reminders-helpers';

describe('the daily digest, once across two instances', () => {
  let first: TestApp;
  let second: INestApplication;
  const emails: string[] = [];
  const clientIds: string[] = [];
  const both = (at: Date) => {
    setClock(first.app, at);
    setClock(second, at);
  };

  beforeAll(async () => {
    first = await createTestApp({
      FIRM_TIME_ZONE: 'America/New_York',
      REMINDER_UNOPENED_LINK_DAYS: '0',
    });
    second = await createApp(first.env);
    await second.init();
    both(nyTime('2027-03-01', '10:00'));
    const staff = await StaffApi.signIn(first.http);
    for (let i = 0; i < 6; i++) {
      const client = await staff.createClient(undefined, `Client ${i}`);
      const a = await staff.createTask(client.id, { title: `First ${i}`, dueDate: '2027-03-10' });
      const b = await staff.createTask(client.id, { title: `Second ${i}`, dueDate: '2027-03-11' });
      await staff.dispatch(client.id, [a.id]);
      await staff.dispatch(client.id, [b.id]);
      emails.push(client.email);
      clientIds.push(client.id);
    }
    await drainOutbox(first.app);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  const digestsPerClient = async () =>
    Promise.all(emails.map(async (e) => (await mailsTo(e)).filter(isDigest).length));

  it('both instances tick at once: one runs, each client gets one digest', async () => {
    both(nyTime('2027-03-08', '10:00'));
    const results = await Promise.all([
      first.app.get(ReminderJob).tick(),
      second.get(ReminderJob).tick(),
    ]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(results.find((r) => r !== null)).toEqual({ clients: 6, digests: 6 });
    await drainOutbox(first.app);
    expect(await digestsPerClient()).toEqual([1, 1, 1, 1, 1, 1]);
    // Both tasks (two dispatches) are in the one digest.
    const [mail] = (await mailsTo(emails[0])).filter(isDigest);
    expect(mail.text).toContain('First 0');
    expect(mail.text).toContain('Second 0');
  });

  it('two passes forced to run at once still queue one digest per client and day', async () => {
    both(nyTime('2027-03-10', '10:00'));
    const passes = [first.app.get(RemindersService), second.get(RemindersService)];
    // On MariaDB the two passes really overlap. Two SQLite connections in one process cannot:
    // better-sqlite3 blocks the event loop while it waits for the other's write lock, so there
    // they run one after the other (separate processes would simply wait for each other).
    const results =
      process.env.E2E_DB === 'mariadb'
        ? await Promise.all(passes.map((p) => p.runDigests()))
        : [await passes[0].runDigests(), await passes[1].runDigests()];
    expect(results[0].digests + results[1].digests).toBe(6);
    // A pass that reaches a client another pass has already done (even past its check of the
    // day's rows) stops at the unique (client, date) row: nothing is queued.
    const now = nyTime('2027-03-10', '10:00');
    for (const id of clientIds) {
      expect(await passes[1].runClient(id, now, '2027-03-10')).toBeNull();
    }
    // Let the outbox send before the clock jumps (a jump past a claim's lease would let the
    // other instance take a message still being sent: the clock, not the product, at fault).
    await drainOutbox(first.app);
    // And a third pass later that day finds nothing to do.
    both(nyTime('2027-03-10', '15:00'));
    expect(await second.get(RemindersService).runDigests()).toEqual({ clients: 0, digests: 0 });
    await drainOutbox(first.app);
    expect(await digestsPerClient()).toEqual([2, 2, 2, 2, 2, 2]);
    const rows = await first.app
      .get(DataSource)
      .query<{ client_id: string; local_date: string; n: number }[]>(
        'SELECT client_id, local_date, COUNT(*) AS n FROM reminder_digests GROUP BY client_id, local_date',
      );
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
  });
});
