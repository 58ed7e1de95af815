// SPEC rule 23, "never twice in a normal run, on any number of instances": two app instances on
// one database deliver one outbox through an SMTP server that holds every message 3 s before it
// answers. Scaled down from production (MAIL_CLAIM_MS 120 s, SMTP timeouts 10/10/30 s) keeping
// its inequality, SMTP timeouts (2 × 1 + 1 + 4 = 7 s) < claim (7.5 s):
// - the first instance starts alone on 80 messages: its first batch (50 over 16 lanes: four
//   rounds of 3 s, 12 s) outlasts a claim. The second starts while it is busy, sends the rest
//   and then polls; a claim whose time was taken once per batch would lapse mid-send and the
//   second would send that message again (checked: that variant of the worker sends duplicates
//   here);
// - a send cannot outlast its own claim, and the claim is renewed while sending.
// Runs on MariaDB (the production shape) and on SQLite (two instances on one WAL file).
import { INestApplication, Logger } from '@nestjs/common';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/app.factory';
import { OutboxWorker } from '../../apps/api/src/mail/outbox.worker';
import { uniqueEmail } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';
import { SmtpCatcher, startSmtpCatcher } from '../support/smtp-catcher';
import { caughtIn, countIn, enqueueNotices, eventually } from './outbox-helpers';

const STALL_MS = 3_000;
const COUNT = 80;
const SCALED = {
  MAIL_CLAIM_MS: '7500',
  SMTP_CONNECTION_TIMEOUT_MS: '1000',
  SMTP_GREETING_TIMEOUT_MS: '1000',
  SMTP_SOCKET_TIMEOUT_MS: '4000',
};

describe('two instances and an SMTP server that stalls each message', () => {
  let smtp: SmtpCatcher;
  let dir: string;
  let first: TestApp;
  let second: INestApplication;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outbox-two-'));
    smtp = await startSmtpCatcher(dir, { stallMs: STALL_MS });
    first = await createTestApp({ SMTP_URL: smtp.url, ...SCALED });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await smtp?.stop();
  });

  it('delivers every message exactly once, both instances sending', async () => {
    const sentLog = jest.spyOn(Logger.prototype, 'log');
    const recipients = Array.from({ length: COUNT }, (_, i) => uniqueEmail(`twice${i}`));
    await enqueueNotices(first.app, recipients);
    const started = Date.now();
    const db = first.app.get(DataSource);

    // The second instance (same configuration, same database) starts while the first is busy.
    await eventually('the first instance sending', async () => {
      const [r] = await db.query<{ n: number }[]>(
        'SELECT COUNT(*) AS n FROM mail_outbox WHERE locked_by IS NOT NULL',
      );
      return Number(r.n) > 0 ? true : null;
    });
    second = await createApp(first.env);
    await second.init();

    await eventually(
      'every row marked sent',
      async () => {
        const [r] = await db.query<{ n: number }[]>(
          "SELECT COUNT(*) AS n FROM mail_outbox WHERE status = 'sent'",
        );
        return Number(r.n) === COUNT ? true : null;
      },
      90_000,
      250,
    );
    const elapsed = Date.now() - started;
    // A late duplicate would be a send still in flight: wait until neither instance sends.
    const workers = [first.app.get(OutboxWorker), second.get(OutboxWorker)];
    await eventually('both instances idle', () =>
      Promise.resolve(workers.every((w) => w.sending === 0) ? true : null),
    );

    const mails = await caughtIn(dir);
    const perRecipient = new Map<string, number>();
    for (const mail of mails) {
      for (const to of mail.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    }
    const duplicates = [...perRecipient].filter(([, n]) => n > 1);
    console.info(
      `[outbox] ${process.env.E2E_DB ?? 'sqlite'}: ${mails.length} mails for ${COUNT} messages ` +
        `through two instances in ${elapsed} ms (stall ${STALL_MS} ms each); ` +
        `${duplicates.length} duplicates`,
    );
    expect(duplicates).toEqual([]);
    expect(await countIn(dir)).toBe(COUNT);
    expect(new Set(perRecipient.keys())).toEqual(new Set(recipients));

    // Both instances took part (each worker logs through its own Logger instance).
    const senders = new Set(
      sentLog.mock.calls
        .map((call, i) => ({ call, self: sentLog.mock.contexts[i] }))
        .filter(({ call }) => (call[0] as { message?: string })?.message === 'mail sent')
        .map(({ self }) => self as unknown),
    );
    expect(senders.size).toBe(2);
    sentLog.mockRestore();
  }, 180_000);

  it('a sender whose claim was taken over cannot mark or extend the new claim', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error');
    const db = first.app.get(DataSource);
    const to = uniqueEmail('taken-over');
    await enqueueNotices(first.app, [to]);
    type Row = { status: string; locked_by: string | null; sealed_payload: string | null };
    const row = async (): Promise<Row> =>
      (
        await db.query<Row[]>(
          'SELECT status, locked_by, sealed_payload FROM mail_outbox WHERE to_address = ?',
          [to],
        )
      )[0];
    // While an instance is sending (the server holds the message 3 s), another takes the claim,
    // as if the lease had lapsed.
    const original = await eventually('an instance sending it', async () => {
      const r = await row();
      return r.locked_by ? r.locked_by : null;
    });
    const later = '2999-01-01 00:00:00'; // a literal both drivers bind and store
    await db.query('UPDATE mail_outbox SET locked_by = ?, locked_until = ? WHERE to_address = ?', [
      'another-instance-claim',
      later,
      to,
    ]);
    await eventually('the message received', async () => {
      const mails = await caughtIn(dir);
      return mails.some((m) => m.to.includes(to)) ? true : null;
    });
    const workers = [first.app.get(OutboxWorker), second.get(OutboxWorker)];
    await eventually('both instances idle', () =>
      Promise.resolve(workers.every((w) => w.sending === 0) ? true : null),
    );

    expect(await row()).toEqual({
      status: 'pending',
      locked_by: 'another-instance-claim',
      sealed_payload: expect.stringMatching(/^v2\./) as string,
    });
    expect(original).not.toBe('another-instance-claim');
    expect(errors).toHaveBeenCalledWith(
      expect.objectContaining({
        message: 'mail sent after its claim was lost; another instance may send it again',
      }),
    );
    errors.mockRestore();
    // Leave nothing claimed for the instances to send after the test.
    await db.query(
      "UPDATE mail_outbox SET status = 'sent', sealed_payload = NULL WHERE to_address = ?",
      [to],
    );
  }, 60_000);
});
