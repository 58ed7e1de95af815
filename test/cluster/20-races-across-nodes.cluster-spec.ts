// Issue 15 item 3: races whose contenders land on different instances, so on different Galera
// nodes, where two writers of one row do not wait for each other's lock but conflict when the
// second commits (certification failure, ER_LOCK_DEADLOCK). The loser must read as a lost race
// (403 for a link, 401/429 for guesses), never as a 500 or a 503.
// CLUSTER_RACE_ROUNDS (default 20) redemption rounds of 50 browsers each.
import request from 'supertest';
import type { ApiError } from '@app/contracts';
import { createLogin, pinDispatch, trustedBrowser, uniqueUsername } from '../factories/account-api';
import { browserAgent, StaffApi } from '../factories/staff-api';
import { clusterState, envInt, proxy, spread, statusCounts } from './cluster-env';
import { queryNode } from './harness';

const ROUNDS = envInt('CLUSTER_RACE_ROUNDS', 20);
const CONTENDERS = 50;

/** Fires n requests at once and waits for every answer. */
function burst(n: number, fire: (i: number) => request.Test): Promise<request.Response[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => fire(i).then((r) => r)));
}

const addresses = (prefix: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}.${i + 1}`);

async function auditCount(type: string, ips: string[]): Promise<number> {
  const state = clusterState();
  const rows = await queryNode<{ n: number | string }>(
    state,
    1,
    `SELECT COUNT(*) AS n FROM audit_events WHERE type = ? AND ip IN (${ips.map(() => '?').join(', ')})`,
    [type, ...ips],
  );
  return Number(rows[0].n);
}

/** Only `allowed` statuses, each 429 with Retry-After, and `checked` failures in the audit. */
function expectOnly(responses: request.Response[], allowed: number[]): void {
  const unexpected = responses.filter((r) => !allowed.includes(r.status));
  expect(unexpected.map((r) => `${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);
  for (const r of responses.filter((x) => x.status === 429)) {
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
  }
}

describe('races across three instances and three Galera nodes', () => {
  let staff: StaffApi;
  beforeAll(async () => {
    staff = await StaffApi.signIn(proxy());
  });

  it(`${CONTENDERS} redemptions of one link, ${ROUNDS} times: exactly one success and ${CONTENDERS - 1} declines (403) each time, never a 5xx`, async () => {
    const state = clusterState();
    const perInstance: Record<string, number> = {};
    for (let round = 1; round <= ROUNDS; round++) {
      const { token, client } = await staff.dispatchedLink();
      const results = await burst(CONTENDERS, () =>
        browserAgent(proxy()).post('/api/links/redeem').send({ token }),
      );
      const statuses = statusCounts(results.map((r) => r.status));
      expect({ round, statuses }).toEqual({ round, statuses: { 200: 1, 403: CONTENDERS - 1 } });
      for (const r of results.filter((x) => x.status === 403)) {
        expect((r.body as ApiError).error).toBe('link_declined');
      }
      for (const [name, n] of Object.entries(spread(results))) {
        perInstance[name] = (perInstance[name] ?? 0) + n;
      }
      // One grant, on every node.
      for (const node of state.nodes) {
        const rows = await queryNode<{ n: number | string }>(
          state,
          node.index,
          'SELECT COUNT(*) AS n FROM device_grants WHERE client_id = ?',
          [client.id],
        );
        expect({ node: node.name, grants: Number(rows[0].n) }).toEqual({
          node: node.name,
          grants: 1,
        });
      }
    }
    // The contenders really were spread over the three instances.
    expect(Object.keys(perInstance).sort()).toEqual(['api1', 'api2', 'api3']);
    for (const n of Object.values(perInstance)) {
      expect(n).toBeGreaterThan((ROUNDS * CONTENDERS) / 6);
    }
  });

  describe('attempt limits hold when the guesses land on different nodes', () => {
    const wrongPin = (pin: string): string => (pin === '00000000' ? '11111111' : '00000000');
    const enter = (body: object, ip: string): request.Test =>
      browserAgent(proxy()).post('/api/pin/sessions').set('X-Forwarded-For', ip).send(body);

    it('20 wrong PINs at once for one task: 5 checked, the rest 429 pin_locked; the right PIN is then refused', async () => {
      const legacy = await pinDispatch(staff);
      const ips = addresses('192.0.2', 20);
      const answers = await burst(20, (i) =>
        enter({ reference: legacy.reference, pin: wrongPin(legacy.pin) }, ips[i]),
      );
      expectOnly(answers, [401, 429]);
      expect(await auditCount('pin.failed', ips)).toBe(5);
      expect(answers.filter((r) => r.status === 401).length).toBeLessThanOrEqual(5);
      const locked = answers.filter((r) => r.status === 429);
      expect(locked.map((r) => (r.body as ApiError).error)).toEqual(locked.map(() => 'pin_locked'));
      expect(Object.keys(spread(answers)).sort()).toEqual(['api1', 'api2', 'api3']);
      const right = await burst(3, () =>
        enter({ reference: legacy.reference, pin: legacy.pin }, '192.0.3.1'),
      );
      expect(right.map((r) => r.status)).toEqual([429, 429, 429]);
    });

    it('30 wrong PINs at once from one address: 20 checked, the rest 429 too_many_attempts', async () => {
      const ip = '192.0.5.7';
      const answers = await burst(30, (i) =>
        enter({ reference: `T-NOPE${String(i).padStart(2, '0')}`, pin: '12345678' }, ip),
      );
      expectOnly(answers, [401, 429]);
      expect(await auditCount('pin.failed', [ip])).toBe(20);
      const refused = answers.filter((r) => r.status === 429);
      expect(refused.map((r) => (r.body as ApiError).error)).toEqual(
        refused.map(() => 'too_many_attempts'),
      );
    });

    it('20 wrong passwords at once for one client login: 5 checked, the rest 429', async () => {
      const account = await createLogin(await trustedBrowser(proxy(), staff));
      const ips = addresses('203.0.113', 20);
      const answers = await burst(20, (i) =>
        request(proxy())
          .post('/api/account/login')
          .set('X-Forwarded-For', ips[i])
          .send({ username: account.username, password: `wrong password ${i}` }),
      );
      expectOnly(answers, [401, 429]);
      expect(answers.filter((r) => r.status === 401)).toHaveLength(5);
      expect(await auditCount('account.login_failed', ips)).toBe(5);
      await request(proxy())
        .post('/api/account/login')
        .set('X-Forwarded-For', '203.0.114.1')
        .send(account)
        .expect(429);
    });

    it('30 wrong staff sign-ins at once from one address: 20 checked, the rest 429', async () => {
      const ip = '198.51.102.7';
      const answers = await burst(30, () =>
        request(proxy())
          .post('/api/staff/login')
          .set('X-Forwarded-For', ip)
          .send({ username: uniqueUsername('nobody'), password: 'wrong password!!' }),
      );
      expectOnly(answers, [401, 429]);
      expect(answers.filter((r) => r.status === 401)).toHaveLength(20);
      expect(await auditCount('staff.login_failed', [ip])).toBe(20);
    });
  });
});
