// SPEC rule 23: a dispatch is saved while SMTP refuses mail, and its e-mail leaves once it is back.
import { DataSource } from 'typeorm';
import { StaffApi, uniqueEmail } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';
import { acceptMail, extractLink, mailsTo, refuseMail, waitForMail } from '../support/mail';
import { outboxDrained } from '../support/outbox';

describe('mail goes out through a transactional outbox with retries', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ MAIL_RETRY_BASE_MS: '200' })));
  afterAll(async () => {
    await acceptMail();
    await t.close();
  });

  it('keeps the dispatch while the SMTP server refuses, then delivers the mail exactly once', async () => {
    const staff = await StaffApi.signIn(t.http);
    const email = uniqueEmail('outage');
    const client = await staff.createClient(email);
    const task = await staff.createTask(client.id);
    await refuseMail([email]);
    const dispatch = await staff.dispatch(client.id, [task.id]);

    const db = t.app.get(DataSource);
    type Row = { status: string; attempts: number; last_error: string };
    // Waits on the row, not on a clock: on a busy machine the retries may take a while.
    const waitForAttempts = async (n: number): Promise<Row> => {
      for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
        const [row] = await db.query<Row[]>(
          'SELECT status, attempts, last_error FROM mail_outbox WHERE to_address = ?',
          [email],
        );
        if (row && Number(row.attempts) >= n) return row;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`outbox never reached ${n} attempts`);
    };
    const failing = await waitForAttempts(2);
    expect(failing.status).toBe('pending');
    expect(failing.last_error).toMatch(/451/);
    expect(await mailsTo(email)).toHaveLength(0);
    expect(await db.query('SELECT id FROM dispatches WHERE id = ?', [dispatch.id])).toHaveLength(1);

    await acceptMail();
    const mail = await waitForMail({ to: email, timeoutMs: 15_000 });
    expect(extractLink(mail).token).toHaveLength(43);
    // Nothing left to send: a second copy would already be caught.
    await outboxDrained(db, { to: email });
    expect(await mailsTo(email)).toHaveLength(1);
    const [row] = await db.query(
      'SELECT status, sealed_payload FROM mail_outbox WHERE to_address = ?',
      [email],
    );
    expect(row).toEqual({ status: 'sent', sealed_payload: null });
  });
});
