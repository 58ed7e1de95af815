// SPEC rule 23, "never lost": the outbox never gives up. An SMTP outage longer than the old
// give-up time (MAIL_MAX_ATTEMPTS=10, about 36 minutes of back-off) keeps the mail, shows it to
// staff as stale, and delivers it once SMTP is back; a 300-mail backlog drains within 30 s.
// Each test runs its own SMTP catcher, so taking it down does not disturb other spec files.
import { Logger } from '@nestjs/common';
import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { HealthResponse } from '@app/contracts';
import { Clock } from '../../apps/api/src/common/clock';
import { MailService } from '../../apps/api/src/mail/mail.service';
import { StaffApi, uniqueEmail } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';
import { extractLink } from '../support/mail';
import { SmtpCatcher, startSmtpCatcher } from '../support/smtp-catcher';
import { caughtIn, countIn, enqueueNotices, eventually, NOTICE_DATA } from './outbox-helpers';

const MINUTE = 60_000;
/** The old worker marked a message failed and erased it after this many attempts. */
const OLD_MAX_ATTEMPTS = 10;

type Row = {
  status: string;
  attempts: number;
  last_error: string | null;
  sealed_payload: string | null;
};

describe('an SMTP outage longer than the old give-up time', () => {
  let smtp: SmtpCatcher;
  let dir: string;
  let t: TestApp;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outbox-outage-'));
    smtp = await startSmtpCatcher(dir);
    t = await createTestApp({ SMTP_URL: smtp.url, MAIL_RETRY_BASE_MS: '200' });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('keeps the mail (pending, still sealed), warns that it is stale, and delivers it once SMTP is back', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const clock = t.app.get(Clock);
    const db = t.app.get(DataSource);
    const row = async (): Promise<Row> => {
      const [found] = await db.query<Row[]>(
        'SELECT status, attempts, last_error, sealed_payload FROM mail_outbox WHERE to_address = ?',
        [email],
      );
      return { ...found, attempts: Number(found.attempts) };
    };

    await smtp.down();
    const staff = await StaffApi.signIn(t.http);
    const email = uniqueEmail('outage');
    const client = await staff.createClient(email);
    const task = await staff.createTask(client.id);
    await staff.dispatch(client.id, [task.id]);
    let seen = await eventually('a first failed attempt', async () => {
      const r = await row();
      return r.attempts >= 1 ? r : null;
    });
    expect(seen.last_error).toMatch(/ECONNREFUSED|ECONNRESET|connect/i);

    // 75 minutes of outage on the app's clock, one probe after each step.
    for (let step = 0; step < 15; step++) {
      const before = seen.attempts;
      clock.advance(5 * MINUTE);
      seen = await eventually(`attempt ${before + 1}`, async () => {
        const r = await row();
        return r.attempts > before ? r : null;
      });
    }
    expect(seen.attempts).toBeGreaterThan(OLD_MAX_ATTEMPTS);
    expect(seen.status).toBe('pending');
    expect(seen.sealed_payload).toEqual(expect.stringMatching(/^v2\./));
    expect(await caughtIn(dir)).toHaveLength(0);

    // Staff see it as stale in /api/health; anyone else sees only up/down.
    const staffNow = await StaffApi.signIn(t.http); // the first session went idle meanwhile
    const health = (
      await request(t.http).get('/api/health').set('Authorization', `Bearer ${staffNow.token}`)
    ).body as HealthResponse;
    expect(health.mail).toEqual({ ok: false });
    expect(health.details?.mail.outbox).toEqual({
      pending: 1,
      stale: 1,
      staleAfterMinutes: 30,
      oldestPendingSeconds: expect.any(Number) as number,
    });
    expect(health.details?.mail.outbox?.oldestPendingSeconds).toBeGreaterThanOrEqual(75 * 60);
    const publicHealth = await request(t.http).get('/api/health').expect(503);
    expect(publicHealth.body).not.toHaveProperty('details');
    expect(publicHealth.text).not.toMatch(/pending|stale|ECONNREFUSED|ECONNRESET/);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'mail outbox has stale mail', stale: 1, pending: 1 }),
    );

    // SMTP returns: the mail leaves without anyone moving the clock, exactly once.
    await smtp.up();
    const back = Date.now();
    const [mail] = await eventually(
      'the mail after SMTP is back',
      async () => {
        const mails = await caughtIn(dir);
        return mails.length > 0 ? mails : null;
      },
      20_000,
    );
    const latency = Date.now() - back;
    expect(mail.to).toEqual([email]);
    expect(extractLink(mail).token).toHaveLength(43);
    const sent = await eventually('the row marked sent', async () => {
      const r = await row();
      return r.status === 'sent' ? r : null;
    });
    expect(sent.sealed_payload).toBeNull();
    expect(await caughtIn(dir)).toHaveLength(1);
    console.info(`[outbox] delivered ${latency} ms after SMTP came back (probe every ≤2 s)`);
    warn.mockRestore();
  });
});

describe('sealed payloads across the upgrade and between rows', () => {
  let smtp: SmtpCatcher;
  let dir: string;
  let t: TestApp;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outbox-seal-'));
    smtp = await startSmtpCatcher(dir);
    t = await createTestApp({ SMTP_URL: smtp.url, MAIL_RETRY_BASE_MS: '60000' });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('delivers mail sealed before seals were bound to their row; a payload moved to another recipient does not open', async () => {
    const db = t.app.get(DataSource);
    const mailService = t.app.get(MailService);
    const data = NOTICE_DATA;
    const legacyTo = uniqueEmail('legacy');
    const victimTo = uniqueEmail('victim');
    const thiefTo = uniqueEmail('thief');
    // Rows are rewritten in the transaction that queues them, so the worker only sees the result.
    await db.transaction(async (manager) => {
      const ids = new Map<string, string>();
      for (const to of [legacyTo, victimTo, thiefTo]) {
        ids.set(to, await mailService.enqueue(manager, { to, template: 'task-message', data }));
      }
      // A row queued by the previous version: sealed without associated data.
      await manager.query('UPDATE mail_outbox SET sealed_payload = ? WHERE id = ?', [
        legacySeal(t.env.APP_SECRET, JSON.stringify(data)),
        ids.get(legacyTo),
      ]);
      // Someone with write access to the table copies the victim's payload onto their own row.
      const [victim] = await manager.query<{ sealed_payload: string }[]>(
        'SELECT sealed_payload FROM mail_outbox WHERE id = ?',
        [ids.get(victimTo)],
      );
      await manager.query('UPDATE mail_outbox SET sealed_payload = ? WHERE id = ?', [
        victim.sealed_payload,
        ids.get(thiefTo),
      ]);
    });

    await eventually(
      'the legacy and the victim mail',
      async () => {
        const to = (await caughtIn(dir)).flatMap((m) => m.to);
        return to.includes(legacyTo) && to.includes(victimTo) ? true : null;
      },
      20_000,
    );
    const thief = await eventually('the moved payload refused', async () => {
      const [r] = await db.query<{ status: string; attempts: number; last_error: string | null }[]>(
        'SELECT status, attempts, last_error FROM mail_outbox WHERE to_address = ?',
        [thiefTo],
      );
      return Number(r.attempts) > 0 ? r : null;
    });
    expect(thief.status).toBe('pending'); // kept (never lost), never sent
    expect(thief.last_error).toMatch(/authenticate/i);
    expect((await caughtIn(dir)).flatMap((m) => m.to)).not.toContain(thiefTo);
  });
});

/** The seal format before rows were bound (no associated data), as the previous version wrote it. */
function legacySeal(secret: string, plain: string): string {
  const key = Buffer.from(hkdfSync('sha256', secret, 'client-portal', 'outbox-seal', 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

describe('a 300-mail backlog', () => {
  const COUNT = 300;
  let smtp: SmtpCatcher;
  let dir: string;
  let t: TestApp;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outbox-backlog-'));
    smtp = await startSmtpCatcher(dir);
    // Production defaults for retries, claims and timeouts; only the poll interval is the suite's.
    t = await createTestApp({ SMTP_URL: smtp.url, LOG_LEVEL: 'error' });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('drains within 30 s of SMTP coming back, each mail once', async () => {
    await smtp.down();
    const db = t.app.get(DataSource);
    const recipients = Array.from({ length: COUNT }, (_, i) => uniqueEmail(`backlog${i}`));
    await enqueueNotices(t.app, recipients, 50);
    // The worker has found SMTP down (the backlog waits, nothing is lost).
    await eventually('a failed probe', async () => {
      const [r] = await db.query<{ n: number }[]>(
        'SELECT COUNT(*) AS n FROM mail_outbox WHERE attempts > 0',
      );
      return Number(r.n) > 0 ? true : null;
    });

    await smtp.up();
    const back = Date.now();
    // Counting file names is cheap; the messages are parsed once, at the end.
    await eventually(
      `${COUNT} mails`,
      async () => ((await countIn(dir)) >= COUNT ? true : null),
      120_000,
      100,
    );
    const done = Date.now() - back;
    const mails = await caughtIn(dir);
    const received = mails.map((m) => m.receivedAt).sort((a, b) => a - b);
    const drainMs = received[received.length - 1] - received[0];
    const rate = ((COUNT - 1) / Math.max(drainMs, 1)) * 1000;
    console.info(
      `[outbox] ${process.env.E2E_DB ?? 'sqlite'}: ${COUNT} mails all delivered ${done} ms after ` +
        `SMTP came back; first after ${received[0] - back} ms (the outage probe); ` +
        `drained in ${drainMs} ms = ${rate.toFixed(1)} mails/s`,
    );
    expect(done).toBeLessThanOrEqual(30_000);
    await eventually('every row marked sent, its payload erased', async () => {
      const [left] = await db.query<{ n: number }[]>(
        "SELECT COUNT(*) AS n FROM mail_outbox WHERE status <> 'sent' OR sealed_payload IS NOT NULL",
      );
      return Number(left.n) === 0 ? true : null;
    });
    const all = await caughtIn(dir);
    expect(all).toHaveLength(COUNT);
    expect(new Set(all.flatMap((m) => m.to))).toEqual(new Set(recipients));
  });
});
