// Issue 9 item 5 (SPEC rules 12, 15, 19): every attempt limit holds under parallel requests.
// Staff sign-in, client sign-in and the PIN page claim each attempt in the database BEFORE the
// password or PIN is checked, so 20 (or 30) guesses fired at once get at most the limit checked;
// the rest answer 429, and then even the right password or PIN is refused until the window ends.
//
// "Checked" is observed two independent ways, neither faking our code: a jest spy that calls
// through to the real argon2 module's verify() (every password or PIN check, the decoy for
// unknown names included, is one call), and the failure rows the audit log gained.
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { ApiError } from '@app/contracts';
import { createLogin, pinDispatch, trustedBrowser, uniqueUsername } from '../factories/account-api';
import { browserAgent, StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';
import { Clock } from '../../apps/api/src/common/clock';

// The very module object the app's passwords.ts calls into (same jest module registry).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const argon2 = require('argon2') as typeof import('argon2');

const WINDOW_MS = 15 * 60_000;

interface Burst {
  statuses: number[];
  responses: request.Response[];
  /** argon2 verifications the app made while the burst was in flight. */
  verified: number;
}

/** Fires n requests at once and waits for every answer. */
async function burst(n: number, fire: (i: number) => request.Test): Promise<Burst> {
  const verify = jest.spyOn(argon2, 'verify');
  try {
    const responses = await Promise.all(
      Array.from({ length: n }, (_, i) => fire(i).then((r) => r)),
    );
    return {
      responses,
      statuses: responses.map((r) => r.status),
      verified: verify.mock.calls.length,
    };
  } finally {
    verify.mockRestore();
  }
}

/** At most `limit` checked, every other answer a 429 with Retry-After, nothing else. */
function expectHeld(b: Burst, limit: number, failureAuditRows: number): void {
  const wrong = b.statuses.filter((s) => s === 401).length;
  const refused = b.responses.filter((r) => r.status === 429);
  expect(b.statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
  expect(b.verified).toBeLessThanOrEqual(limit);
  // The limit is reached (not merely undershot), and each check left its audit row.
  expect(b.verified).toBe(limit);
  expect(failureAuditRows).toBe(b.verified);
  // A 401 means a check was made; a 429 may follow the check that locked (PIN), never more.
  expect(wrong).toBeLessThanOrEqual(b.verified);
  expect(wrong + refused.length).toBe(b.statuses.length);
  for (const r of refused) expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
}

describe('parallel guesses', () => {
  let t: TestApp;
  let staff: StaffApi;
  let clock: Clock;
  let db: DataSource;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: 'loopback' });
    clock = t.app.get(Clock);
    db = t.app.get(DataSource);
  });
  beforeEach(async () => {
    staff = await StaffApi.signIn(t.http); // the clock moves past the idle timeout between tests
  });
  afterAll(() => t.close());

  const auditCount = async (type: string, ips: string[]): Promise<number> => {
    const rows: { n: number | string }[] = await db.query(
      `SELECT COUNT(*) AS n FROM audit_events WHERE type = ? AND ip IN (${ips.map(() => '?').join(', ')})`,
      [type, ...ips],
    );
    return Number(rows[0].n);
  };
  const addresses = (prefix: string, n: number): string[] =>
    Array.from({ length: n }, (_, i) => `${prefix}.${i + 1}`);

  /** Refused (429) until the window ends, accepted just after. */
  async function refusedUntilWindowEnds(attempt: () => request.Test): Promise<void> {
    const refused = await attempt().expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(13 * 60);
    clock.advance(WINDOW_MS - 60_000);
    await attempt().expect(429);
    clock.advance(60_000 + 1000);
    await attempt().expect(200);
  }

  describe('at staff sign-in', () => {
    const login = (body: object, ip: string): request.Test =>
      request(t.http).post('/api/staff/login').set('X-Forwarded-For', ip).send(body);

    async function newStaff(): Promise<{ username: string; password: string }> {
      const member = { username: uniqueUsername('staff'), password: 'a long staff pass phrase' };
      await staff
        .post('/api/admin/staff')
        .send({ ...member, role: 'staff' })
        .expect(201);
      return member;
    }

    it('20 wrong passwords at once for one account: 5 checked, the right one then refused for 15 minutes', async () => {
      const member = await newStaff();
      const ips = addresses('198.51.100', 20);
      const b = await burst(20, (i) =>
        login({ username: member.username, password: `wrong password ${i}` }, ips[i]),
      );
      expectHeld(b, 5, await auditCount('staff.login_failed', ips));
      expect(b.responses.find((r) => r.status === 429)?.body).toMatchObject({
        error: 'too_many_attempts',
      });
      await refusedUntilWindowEnds(() => login(member, '198.51.101.1'));
    });

    it('30 wrong sign-ins at once from one address: 20 checked, the address then refused for 15 minutes', async () => {
      const member = await newStaff();
      const ip = '198.51.102.7';
      const b = await burst(30, () =>
        login({ username: uniqueUsername('nobody'), password: 'wrong password!!' }, ip),
      );
      expectHeld(b, 20, await auditCount('staff.login_failed', [ip]));
      await login(member, '198.51.102.8').expect(200); // another address is not held up
      await refusedUntilWindowEnds(() => login(member, ip));
      const throttled = await auditCount('staff.login_throttled', [ip]);
      expect(throttled).toBeGreaterThanOrEqual(10 + 2);
    });
  });

  describe('at client sign-in', () => {
    const login = (body: object, ip: string): request.Test =>
      request(t.http).post('/api/account/login').set('X-Forwarded-For', ip).send(body);

    it('20 wrong passwords at once for one account: 5 checked, the right one then refused for 15 minutes', async () => {
      const account = await createLogin(await trustedBrowser(t.http, staff));
      const ips = addresses('203.0.113', 20);
      const b = await burst(20, (i) =>
        login({ username: account.username, password: `wrong password ${i}` }, ips[i]),
      );
      expectHeld(b, 5, await auditCount('account.login_failed', ips));
      await refusedUntilWindowEnds(() => login(account, '203.0.114.1'));
    });

    it('30 wrong sign-ins at once from one address: 20 checked, the address then refused for 15 minutes', async () => {
      const account = await createLogin(await trustedBrowser(t.http, staff));
      const ip = '203.0.115.7';
      const b = await burst(30, () =>
        login({ username: uniqueUsername('ghost'), password: 'wrong password!!' }, ip),
      );
      expectHeld(b, 20, await auditCount('account.login_failed', [ip]));
      await login(account, '203.0.115.8').expect(200);
      await refusedUntilWindowEnds(() => login(account, ip));
    });
  });

  describe('at the PIN page', () => {
    const enter = (body: object, ip: string): request.Test =>
      browserAgent(t.http).post('/api/pin/sessions').set('X-Forwarded-For', ip).send(body);
    const wrongPin = (pin: string): string => (pin === '00000000' ? '11111111' : '00000000');

    it('20 wrong PINs at once for one task: 5 checked, the right PIN then refused for 15 minutes', async () => {
      const legacy = await pinDispatch(staff);
      const ips = addresses('192.0.2', 20);
      const b = await burst(20, (i) =>
        enter({ reference: legacy.reference, pin: wrongPin(legacy.pin) }, ips[i]),
      );
      expectHeld(b, 5, await auditCount('pin.failed', ips));
      const locked = b.responses.filter((r) => r.status === 429);
      expect(locked.map((r) => (r.body as ApiError).error)).toEqual(locked.map(() => 'pin_locked'));
      await refusedUntilWindowEnds(() =>
        enter({ reference: legacy.reference, pin: legacy.pin }, '192.0.3.1'),
      );
    });

    it('20 PINs at once for one unknown reference: 5 checked, like a real task', async () => {
      const ips = addresses('192.0.4', 20);
      const b = await burst(20, (i) => enter({ reference: 'T-GHOST01', pin: '12345678' }, ips[i]));
      expectHeld(b, 5, await auditCount('pin.failed', ips));
      await enter({ reference: 'T-GHOST01', pin: '12345678' }, '192.0.4.99').expect(429);
    });

    it('30 wrong PINs at once from one address: 20 checked, the address then refused for 15 minutes', async () => {
      const legacy = await pinDispatch(staff);
      const ip = '192.0.5.7';
      const b = await burst(30, (i) =>
        enter({ reference: `T-NOPE${String(i).padStart(2, '0')}`, pin: '12345678' }, ip),
      );
      expectHeld(b, 20, await auditCount('pin.failed', [ip]));
      const refused = b.responses.filter((r) => r.status === 429);
      expect(refused.map((r) => (r.body as ApiError).error)).toEqual(
        refused.map(() => 'too_many_attempts'),
      );
      await refusedUntilWindowEnds(() =>
        enter({ reference: legacy.reference, pin: legacy.pin }, ip),
      );
    });
  });
});
