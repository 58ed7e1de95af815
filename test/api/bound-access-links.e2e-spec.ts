// Issue 14 (SPEC rule 24): an access link works only in the browser that asked for it (its
// "pending" cookie); elsewhere it changes nothing. The same e-mail carries a 6-digit code that
// the asking browser can type instead: single use, 10 minutes, 5 tries, throttled per client and
// per address, audited. Every link and code is read out of the e-mail the SMTP catcher received.
import type request from 'supertest';
import { DataSource } from 'typeorm';
import type { ClientView, TaskListResponse } from '@app/contracts';
import { Clock } from '../../apps/api/src/common/clock';
import { sha256Hex } from '../../apps/api/src/common/crypto';
import { browserAgent, StaffApi } from '../factories/staff-api';
import { redeemForNotice } from '../factories/client-api';
import { createTestApp, TestApp } from '../support/app';
import { extractLink, waitForMail } from '../support/mail';

const SCANNER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36';
const LAPTOP_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const OTHER_DEVICE =
  'Open this link on the device where you asked for it, or type the code from the e-mail there.';
const MINUTE = 60_000;

let ipSeq = 0;
/** A network address of its own per test, so one test's address limits never touch another's. */
const freshIp = (): string => `10.14.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

/** The access link and the code from the newest access-link e-mail received after `after`. */
async function accessMail(email: string, after: number): Promise<{ token: string; code: string }> {
  const mail = await waitForMail({ to: email, subjectIncludes: 'new access link', after });
  const code = /^ {4}(\d{6})$/m.exec(mail.text)?.[1];
  if (!code) throw new Error(`No code in the access-link e-mail:\n${mail.text}`);
  expect(mail.html).toContain(code);
  return { token: extractLink(mail).token, code };
}

/** A code that is not `code`. */
const wrong = (code: string, n = 1): string =>
  String((Number(code) + n * 7919) % 1_000_000).padStart(6, '0');

describe('bound access links and the typed code', () => {
  let t: TestApp;
  let db: DataSource;
  let clock: Clock;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    clock = t.app.get(Clock);
  });
  afterAll(() => t.close());

  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await db.query(sql, params))[0].n);
  const accessRow = async (token: string) =>
    (
      await db.query(
        'SELECT id, used_at AS usedAt, code_attempts AS attempts, bound_to_hash AS bound, code_hash AS codeHash FROM links WHERE token_hash = ?',
        [sha256Hex(token)],
      )
    )[0] as {
      id: string;
      usedAt: string | null;
      attempts: number;
      bound: string;
      codeHash: string;
    };
  const audits = async (clientId: string, type: string): Promise<number> =>
    count('SELECT COUNT(*) AS n FROM audit_events WHERE client_id = ? AND type = ?', [
      clientId,
      type,
    ]);

  /**
   * The FAQ story a mail scanner breaks: the scanner pressed the dispatch link first (it holds
   * the tasks), so the client's laptop is declined and asks for an access link.
   */
  async function scannedThenAsked(ip = freshIp()): Promise<{
    client: ClientView;
    dispatchToken: string;
    scanner: request.Agent;
    laptop: request.Agent;
    token: string;
    code: string;
  }> {
    const staff = await StaffApi.signIn(t.http);
    const { token: dispatchToken, client } = await staff.dispatchedLink();
    const scanner = browserAgent(t.http).set('User-Agent', SCANNER_UA).set('X-Forwarded-For', ip);
    await scanner.post('/api/links/redeem').send({ token: dispatchToken }).expect(200);
    const laptop = browserAgent(t.http).set('User-Agent', LAPTOP_UA).set('X-Forwarded-For', ip);
    expect((await laptop.post('/api/links/status').send({ token: dispatchToken })).body.state).toBe(
      'declined',
    );
    const asked = Date.now();
    const sent = await laptop
      .post('/api/links/access-link')
      .send({ token: dispatchToken })
      .expect(202);
    const cookie = String(sent.headers['set-cookie']);
    expect(cookie).toMatch(/cp_pending=[A-Za-z0-9_-]{43}/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=3600/);
    const { token, code } = await accessMail(client.email, asked);
    return { client, dispatchToken, scanner, laptop, token, code };
  }

  it('stores only hashes: the pending cookie as SHA-256, the code as an HMAC, neither in any table', async () => {
    const { token, code } = await scannedThenAsked();
    const row = await accessRow(token);
    expect(row.bound).toMatch(/^[0-9a-f]{64}$/);
    expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.codeHash).not.toBe(sha256Hex(code));
    const dump = JSON.stringify(await db.query('SELECT * FROM links'));
    expect(dump).not.toContain(code);
    const audit = JSON.stringify(await db.query('SELECT * FROM audit_events'));
    expect(audit).not.toContain(code);
  });

  it('in a browser that did not ask, the access link changes nothing: no device, no grant, still unused', async () => {
    const { client, scanner, laptop, token } = await scannedThenAsked();
    const devicesBefore = await count('SELECT COUNT(*) AS n FROM devices');
    const grantsBefore = await count('SELECT COUNT(*) AS n FROM device_grants');
    // Another browser entirely (a scanner's fresh context), and the scanner holding the tasks.
    for (const other of [browserAgent(t.http).set('User-Agent', SCANNER_UA), scanner]) {
      const status = await other.post('/api/links/status').send({ token }).expect(200);
      expect(status.body.state).toBe('elsewhere');
      expect(status.body.taskCount).toBeUndefined();
      const refused = await other.post('/api/links/redeem').send({ token }).expect(403);
      expect(refused.body).toMatchObject({ error: 'link_other_device', message: OTHER_DEVICE });
    }
    expect(await count('SELECT COUNT(*) AS n FROM devices')).toBe(devicesBefore);
    expect(await count('SELECT COUNT(*) AS n FROM device_grants')).toBe(grantsBefore);
    expect((await accessRow(token)).usedAt).toBeNull();
    // The scanner still holds the tasks until the client uses the link; then it loses them.
    await scanner.get('/api/me/tasks').expect(200);
    expect((await laptop.post('/api/links/status').send({ token })).body.state).toBe('ready');
    await laptop.post('/api/links/redeem').send({ token }).expect(200);
    await scanner.get('/api/me/tasks').expect(401);
    await laptop.get('/api/me/tasks').expect(200);
    // Once used, other browsers are declined as for any used link.
    expect((await scanner.post('/api/links/status').send({ token })).body.state).toBe('declined');
    const declined = await count(
      "SELECT COUNT(*) AS n FROM audit_events WHERE client_id = ? AND type = 'link.declined' AND detail LIKE '%other_device%'",
      [client.id],
    );
    expect(declined).toBe(2);
  });

  it('the right code in the asking browser makes it the trusted device and moves the tasks, once', async () => {
    const { client, scanner, laptop, token, code } = await scannedThenAsked();
    const entered = await laptop.post('/api/links/access-code').send({ token, code }).expect(200);
    expect(entered.body.state).toBe('trusted');
    expect(String(entered.headers['set-cookie'])).toMatch(/cp_device=/);
    const tasks = (await laptop.get('/api/me/tasks').expect(200)).body as TaskListResponse;
    expect(tasks.open).toHaveLength(1);
    await scanner.get('/api/me/tasks').expect(401);
    expect((await accessRow(token)).usedAt).not.toBeNull();
    expect(await audits(client.id, 'access_code.accepted')).toBe(1);
    expect(await audits(client.id, 'device.moved')).toBe(1);
    // Replay: the code works once, and the used link declines every other browser.
    const replay = await laptop.post('/api/links/access-code').send({ token, code }).expect(410);
    expect(replay.body.error).toBe('code_expired');
    await browserAgent(t.http).post('/api/links/redeem').send({ token }).expect(403);
  });

  it('the code may be typed on the page of the link that asked (the dispatch link)', async () => {
    const { laptop, dispatchToken, code, scanner } = await scannedThenAsked();
    // After a reload the declined page knows this browser is waiting for a code.
    const status = await laptop.post('/api/links/status').send({ token: dispatchToken });
    expect(status.body).toMatchObject({ state: 'declined', codePending: true });
    expect(
      (await scanner.post('/api/links/status').send({ token: dispatchToken })).body.codePending,
    ).toBeUndefined();
    await laptop.post('/api/links/access-code').send({ token: dispatchToken, code }).expect(200);
    expect((await laptop.post('/api/links/status').send({ token: dispatchToken })).body.state).toBe(
      'trusted',
    );
  });

  it('a browser without the pending cookie cannot use the code, and nothing is counted', async () => {
    const { client, token, code, scanner } = await scannedThenAsked();
    for (const other of [browserAgent(t.http), scanner]) {
      const refused = await other.post('/api/links/access-code').send({ token, code }).expect(403);
      expect(refused.body.error).toBe('code_other_device');
    }
    expect((await accessRow(token)).attempts).toBe(0);
    expect((await accessRow(token)).usedAt).toBeNull();
    expect(await audits(client.id, 'access_code.refused')).toBe(2);
  });

  it('the code dies after 10 minutes; the link still works in the asking browser within its hour', async () => {
    const { laptop, token, code } = await scannedThenAsked();
    clock.advance(10 * MINUTE + 1000);
    const late = await laptop.post('/api/links/access-code').send({ token, code }).expect(410);
    expect(late.body.error).toBe('code_expired');
    expect((await accessRow(token)).attempts).toBe(0);
    await laptop.post('/api/links/redeem').send({ token }).expect(200);
  });

  it('5 wrong tries kill the code, even for the right one after; the link still works there', async () => {
    const { client, laptop, token, code } = await scannedThenAsked();
    for (let i = 1; i <= 4; i++) {
      const res = await laptop
        .post('/api/links/access-code')
        .send({ token, code: wrong(code, i) })
        .expect(401);
      expect(res.body.error).toBe('code_wrong');
    }
    const fifth = await laptop
      .post('/api/links/access-code')
      .send({ token, code: wrong(code, 5) })
      .expect(410);
    expect(fifth.body.error).toBe('code_used_up');
    const right = await laptop.post('/api/links/access-code').send({ token, code }).expect(410);
    expect(right.body.error).toBe('code_used_up');
    expect((await accessRow(token)).attempts).toBe(5);
    expect((await accessRow(token)).usedAt).toBeNull();
    expect(await audits(client.id, 'access_code.failed')).toBe(5);
    await laptop.post('/api/links/redeem').send({ token }).expect(200);
  });

  it('4 wrong tries leave the code alive: the right one still works', async () => {
    const { laptop, token, code } = await scannedThenAsked();
    for (let i = 1; i <= 4; i++) {
      await laptop
        .post('/api/links/access-code')
        .send({ token, code: wrong(code, i) })
        .expect(401);
    }
    await laptop.post('/api/links/access-code').send({ token, code }).expect(200);
  });

  it('parallel guesses: never more than 5 codes are checked', async () => {
    const { client, laptop, token, code } = await scannedThenAsked();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        laptop.post('/api/links/access-code').send({ token, code: wrong(code, i + 1) }),
      ),
    );
    const statuses = results.map((r) => r.status);
    // 401 wrong, 410 used up, 429 past the per-client limit (10 in 15 minutes).
    expect(statuses.every((s) => s === 401 || s === 410 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(4);
    expect((await accessRow(token)).attempts).toBe(5);
    expect(await audits(client.id, 'access_code.failed')).toBe(5);
    await laptop.post('/api/links/access-code').send({ token, code }).expect(410);
  });

  it('parallel right codes and the link at once: exactly one redemption', async () => {
    const { client, laptop, token, code } = await scannedThenAsked();
    const devicesBefore = await count('SELECT COUNT(*) AS n FROM devices');
    const results = await Promise.all([
      laptop.post('/api/links/redeem').send({ token }),
      ...Array.from({ length: 6 }, () =>
        laptop.post('/api/links/access-code').send({ token, code }),
      ),
    ]);
    expect(results.some((r) => r.status === 200)).toBe(true);
    for (const r of results) expect([200, 403, 410]).toContain(r.status);
    expect(await audits(client.id, 'link.redeemed')).toBe(2); // the scanner's, then this one
    expect(await audits(client.id, 'device.moved')).toBe(1);
    expect(await count('SELECT COUNT(*) AS n FROM devices')).toBe(devicesBefore + 1);
    expect(
      await count(
        'SELECT COUNT(*) AS n FROM device_grants WHERE client_id = ? AND revoked_at IS NULL',
        [client.id],
      ),
    ).toBe(1);
  });

  it("another client's code is just a wrong code here", async () => {
    const a = await scannedThenAsked();
    const b = await scannedThenAsked();
    const res = await a.laptop
      .post('/api/links/access-code')
      .send({ token: a.token, code: b.code === a.code ? wrong(b.code) : b.code })
      .expect(401);
    expect(res.body.error).toBe('code_wrong');
    // Nor does B's code work with B's link in A's browser: A's browser did not ask for it.
    const elsewhere = await a.laptop
      .post('/api/links/access-code')
      .send({ token: b.token, code: b.code })
      .expect(403);
    expect(elsewhere.body.error).toBe('code_other_device');
    expect((await accessRow(b.token)).attempts).toBe(0);
    await b.laptop
      .post('/api/links/access-code')
      .send({ token: b.token, code: b.code })
      .expect(200);
  });

  it('a newer access link replaces the older one and its code', async () => {
    const { client, laptop, dispatchToken, token, code } = await scannedThenAsked();
    clock.advance(MINUTE + 1000);
    const asked = Date.now();
    await laptop.post('/api/links/access-link').send({ token: dispatchToken }).expect(202);
    const newer = await accessMail(client.email, asked);
    if (newer.code !== code) {
      // Only the newest code works: the old one is checked against it, and is wrong.
      const old = await laptop.post('/api/links/access-code').send({ token, code }).expect(401);
      expect(old.body.error).toBe('code_wrong');
    }
    await laptop.post('/api/links/redeem').send({ token }).expect(410);
    await laptop.post('/api/links/access-code').send({ token, code: newer.code }).expect(200);
  });

  it('the new-device notice names the device, says "automated" for a scanner, and gives the time', async () => {
    const staff = await StaffApi.signIn(t.http);
    const { token, client } = await staff.dispatchedLink();
    const notice = await redeemForNotice(t.http, token, client.email, SCANNER_UA);
    expect(notice.text).toContain('Chrome on Linux, automated');
    expect(notice.text).toMatch(/\d{1,2} \w+ \d{4} at \d{2}:\d{2}/);
    // The firm's time zone (FIRM_TIME_ZONE, UTC by default) is named.
    expect(notice.text).toContain('(UTC)');
    expect(notice.text).toContain('Send Access Link');
    expect(notice.text).not.toMatch(/\/l\/[A-Za-z0-9_-]{43}/);
  });

  it('bad input answers 4xx and changes nothing', async () => {
    const { laptop, token } = await scannedThenAsked();
    for (const body of [
      {},
      { token },
      { token, code: '12345' },
      { token, code: '1234567' },
      { token, code: 'abcdef' },
      { token, code: 123456 },
      { token: 'short', code: '123456' },
    ]) {
      const res = await laptop.post('/api/links/access-code').send(body);
      expect(res.status).toBe(422);
    }
    const unknown = await laptop
      .post('/api/links/access-code')
      .send({ token: 'B'.repeat(43), code: '123456' })
      .expect(404);
    expect(unknown.body.error).toBe('link_unknown');
    expect((await accessRow(token)).attempts).toBe(0);
  });
});

describe('code throttles', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  async function asked(staff: StaffApi, laptop: request.Agent) {
    const { token, client } = await staff.dispatchedLink();
    await browserAgent(t.http).post('/api/links/redeem').send({ token }).expect(200);
    const at = Date.now();
    await laptop.post('/api/links/access-link').send({ token }).expect(202);
    return { client, dispatchToken: token, ...(await accessMail(client.email, at)) };
  }

  it('per client: 10 codes in 15 minutes, then 429 with Retry-After (even the right code)', async () => {
    const staff = await StaffApi.signIn(t.http);
    const laptop = browserAgent(t.http).set('X-Forwarded-For', '10.99.0.1');
    const first = await asked(staff, laptop);
    for (let i = 1; i <= 5; i++) {
      await laptop
        .post('/api/links/access-code')
        .send({ token: first.token, code: wrong(first.code, i) });
    }
    t.app.get(Clock).advance(MINUTE + 1000);
    const at = Date.now();
    await laptop.post('/api/links/access-link').send({ token: first.dispatchToken }).expect(202);
    const second = await accessMail(first.client.email, at);
    for (let i = 1; i <= 4; i++) {
      await laptop
        .post('/api/links/access-code')
        .send({ token: second.token, code: wrong(second.code, i) })
        .expect(401);
    }
    // The 10th try is still checked; the 11th waits, whatever the code.
    await laptop
      .post('/api/links/access-code')
      .send({ token: second.token, code: wrong(second.code, 9) })
      .expect(410);
    const throttled = await laptop
      .post('/api/links/access-code')
      .send({ token: second.token, code: second.code })
      .expect(429);
    expect(throttled.body.error).toBe('too_many_attempts');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    const db = t.app.get(DataSource);
    const events = await db.query(
      "SELECT COUNT(*) AS n FROM audit_events WHERE client_id = ? AND type = 'access_code.throttled'",
      [first.client.id],
    );
    expect(Number(events[0].n)).toBe(1);
    // Another client from the same address is not held up by this client's limit.
    const other = await asked(staff, laptop);
    await laptop
      .post('/api/links/access-code')
      .send({ token: other.token, code: other.code })
      .expect(200);
  });

  it('per address: 20 codes in 15 minutes across clients, then 429', async () => {
    const staff = await StaffApi.signIn(t.http);
    const ip = '10.99.0.2';
    for (let c = 0; c < 4; c++) {
      const laptop = browserAgent(t.http).set('X-Forwarded-For', ip);
      const a = await asked(staff, laptop);
      for (let i = 1; i <= 5; i++) {
        const res = await laptop
          .post('/api/links/access-code')
          .send({ token: a.token, code: wrong(a.code, i) });
        expect([401, 410]).toContain(res.status);
      }
    }
    const laptop = browserAgent(t.http).set('X-Forwarded-For', ip);
    const fifth = await asked(staff, laptop);
    const res = await laptop
      .post('/api/links/access-code')
      .send({ token: fifth.token, code: fifth.code })
      .expect(429);
    expect(res.body.error).toBe('too_many_attempts');
    // From another address the same right code works.
    await laptop
      .set('X-Forwarded-For', '10.99.0.3')
      .post('/api/links/access-code')
      .send({ token: fifth.token, code: fifth.code })
      .expect(200);
  });
});
