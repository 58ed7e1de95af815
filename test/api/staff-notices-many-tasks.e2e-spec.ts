// Issue 12 review, staff notices on many tasks: a recipient with client activity on 300 tasks
// still gets their notice mail (the mail lists the first tasks and counts the rest, with a link
// to the inbox), and another recipient still gets theirs. Before, one mail carried every task and
// its sealed data overflowed mail_outbox.sealed_payload (TEXT, 64 KiB) on MariaDB: the pass
// failed, and every later pass retried the same notices, so nobody got notice mail again.
import { DataSource } from 'typeorm';
import { Clock } from '../../apps/api/src/common/clock';
import { newId } from '../../apps/api/src/database/columns';
import {
  NotificationsService,
  TASKS_PER_MAIL,
} from '../../apps/api/src/notifications/notifications.service';
import { StaffNotice } from '../../apps/api/src/notifications/staff-notice.entity';
import { StaffApi, uniqueEmail } from '../factories/staff-api';
import { createTestApp, TEST_PUBLIC_URL, TestApp } from '../support/app';
import { CaughtMail, mailsTo } from '../support/mail';
import { eventually } from './outbox-helpers';

describe('staff notice mail with activity on many tasks', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      STAFF_NOTIFY_WINDOW_MINUTES: '10',
      STAFF_NOTIFY_POLL_MS: '3600000',
    });
  });
  afterAll(() => t?.close());

  const notice = async (to: string): Promise<CaughtMail> =>
    eventually(`the notice mail to ${to}`, async () => {
      const got = (await mailsTo(to)).filter((m) => m.subject.includes('update'));
      return got.length ? { ...got[0], text: got[0].text.replace(/\s+/g, ' ') } : null;
    });

  it('300 tasks for one owner: their mail arrives and a second owner still gets theirs', async () => {
    const admin = await StaffApi.signIn(t.http);
    const client = await admin.createClient(uniqueEmail('busy-client'), 'Busy Client');
    const many = uniqueEmail('owner-of-many');
    const other = uniqueEmail('owner-of-one');
    // The notices as the expand step writes them, an hour old (past the batching window).
    const at = new Date(t.app.get(Clock).now().getTime() - 3_600_000);
    const row = (recipient: string, i: number): StaffNotice => ({
      id: newId(),
      recipient,
      staffId: null,
      eventId: newId(),
      eventType: 'request.answered',
      clientId: client.id,
      taskId: newId(),
      createdAt: new Date(at.getTime() + i),
      mailedAt: null,
    });
    const rows = Array.from({ length: 300 }, (_, i) => row(many, i));
    const notices = t.app.get(DataSource).getRepository(StaffNotice);
    for (let i = 0; i < rows.length; i += 100) await notices.insert(rows.slice(i, i + 100));
    await notices.insert(row(other, 0));

    expect(await t.app.get(NotificationsService).run()).toMatchObject({ mails: 2 });

    const mail = await notice(many);
    expect(mail.subject).toContain('300 updates from clients on 300 tasks');
    expect(mail.text.match(/Busy Client answered a request\./g)).toHaveLength(TASKS_PER_MAIL);
    expect(mail.text).toContain(
      `${300 - TASKS_PER_MAIL} more tasks have client activity too. Open the inbox to see them all: ${TEST_PUBLIC_URL}/staff/inbox`,
    );
    expect((await notice(other)).text).toContain('Busy Client answered a request.');
    // Every notice left in that mail (the rest counted), none waits for a later pass.
    expect(await notices.createQueryBuilder('n').where('n.mailedAt IS NULL').getCount()).toBe(0);
  });
});
