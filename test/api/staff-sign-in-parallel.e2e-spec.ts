// Issue 12: staff sign in by bearer (POST /api/staff/login) and in the workspace (POST
// /api/staff/session, a cookie). Both go through the same passport-local strategy, which claims
// each attempt per account name (5 in 15 minutes by default) and per address (20) in the database
// BEFORE the password is checked. So ~20 wrong passwords fired at once for one user, split over
// both routes and many addresses: exactly 5 are checked (401 sign_in_failed, each audited), the
// other 15 answer 429 too_many_attempts with Retry-After, none 5xx, every answer a human
// sentence; then even the right password is refused on both routes until the window ends, and
// accepted just after. Below the limit, the right password works and starts the count afresh.
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { StaffSessionView } from '@app/contracts';
import { Clock } from '../../apps/api/src/common/clock';
import { uniqueUsername } from '../factories/account-api';
import { StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';

const WINDOW_MS = 15 * 60_000;
const PASSWORD = 'a long staff pass phrase';

describe('staff sign-in under parallel wrong passwords', () => {
  let t: TestApp;
  let db: DataSource;
  let clock: Clock;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: 'loopback' });
    db = t.app.get(DataSource);
    clock = t.app.get(Clock);
  });
  afterAll(() => t.close());

  const routes = ['/api/staff/login', '/api/staff/session'] as const;
  const signIn = (route: string, body: object, ip: string): request.Test =>
    request(t.http)
      .post(route)
      .set('X-Forwarded-For', ip)
      .set('X-Requested-With', 'XMLHttpRequest')
      .send(body);

  async function newStaff(): Promise<{ id: string; username: string }> {
    const admin = await StaffApi.signIn(t.http);
    const username = uniqueUsername('parallel');
    const res = await admin
      .post('/api/admin/staff')
      .send({ username, password: PASSWORD, role: 'staff' })
      .expect(201);
    return { id: res.body.id as string, username };
  }

  const failures = async (ips: string[]): Promise<number> =>
    Number(
      (
        await db.query<{ n: number }[]>(
          `SELECT COUNT(*) AS n FROM audit_events WHERE type = 'staff.login_failed' AND ip IN (${ips
            .map(() => '?')
            .join(', ')})`,
          ips,
        )
      )[0].n,
    );

  const humanSentence = (body: { error?: unknown; message?: unknown }): void => {
    expect(body.error).toMatch(/^[a-z_]+$/);
    expect(body.message).toMatch(/^[A-Z].*\.$/);
  };

  it('20 wrong passwords at once over both routes: exactly 5 checked (401), 15 refused (429), none 5xx; then the right password is refused on both routes for the window, and accepted after it', async () => {
    const member = await newStaff();
    const ips = Array.from({ length: 20 }, (_, i) => `192.0.2.${i + 1}`);
    const answers = await Promise.all(
      ips.map((ip, i) =>
        signIn(routes[i % 2], { username: member.username, password: `wrong password ${i}` }, ip),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    expect(await failures(ips)).toBe(5);
    for (const a of answers) {
      humanSentence(a.body as { error?: unknown; message?: unknown });
      expect(a.headers['set-cookie']).toBeUndefined();
      if (a.status === 401) expect(a.body.error).toBe('sign_in_failed');
      if (a.status === 429) {
        expect(a.body.error).toBe('too_many_attempts');
        expect(Number(a.headers['retry-after'])).toBeGreaterThan(0);
      }
    }

    // The right password, on either route, from a fresh address: still refused (the account
    // name is held), until the window ends.
    const right = { username: member.username, password: PASSWORD };
    for (const route of routes) {
      const refused = await signIn(route, right, '192.0.3.1').expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(13 * 60);
      expect(refused.headers['set-cookie']).toBeUndefined();
    }
    clock.advance(WINDOW_MS - 60_000);
    for (const route of routes) await signIn(route, right, '192.0.3.2').expect(429);
    clock.advance(60_000 + 1000);
    const bearer = await signIn('/api/staff/login', right, '192.0.3.3').expect(200);
    expect(bearer.body.staff).toMatchObject({ id: member.id });
    const workspace = await signIn('/api/staff/session', right, '192.0.3.3').expect(200);
    expect((workspace.body as StaffSessionView).staff.id).toBe(member.id);
    expect(String(workspace.headers['set-cookie'])).toMatch(/HttpOnly/i);
  });

  it('4 wrong passwords at once stay under the limit: all 401; the right password then signs in and the count starts afresh', async () => {
    const member = await newStaff();
    const ips = Array.from({ length: 4 }, (_, i) => `192.0.4.${i + 1}`);
    const answers = await Promise.all(
      ips.map((ip, i) =>
        signIn(routes[i % 2], { username: member.username, password: `wrong password ${i}` }, ip),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
    expect(await failures(ips)).toBe(4);
    const right = { username: member.username, password: PASSWORD };
    await signIn('/api/staff/session', right, '192.0.4.10').expect(200);
    // Afresh: five more wrong passwords are checked before the name is held again.
    const more = Array.from({ length: 6 }, (_, i) => `192.0.5.${i + 1}`);
    const again = await Promise.all(
      more.map((ip, i) =>
        signIn(routes[i % 2], { username: member.username, password: `wrong again ${i}` }, ip),
      ),
    );
    expect(again.map((a) => a.status).sort()).toEqual([401, 401, 401, 401, 401, 429]);
    await signIn('/api/staff/login', right, '192.0.5.10').expect(429);
  });
});
