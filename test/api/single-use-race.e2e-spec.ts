// SPEC rule 3: of any number of simultaneous redemptions exactly one succeeds.
import { DataSource } from 'typeorm';
import { browserAgent, StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';

describe('a link is used once, even under a race', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('50 concurrent redemptions from 50 devices: exactly one success and 49 declines', async () => {
    const staff = await StaffApi.signIn(t.http);
    const { token, client } = await staff.dispatchedLink();
    const browsers = Array.from({ length: 50 }, () => browserAgent(t.http));
    const results = await Promise.all(
      browsers.map((b) => b.post('/api/links/redeem').send({ token })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 403)).toHaveLength(49);

    const db = t.app.get(DataSource);
    const grants = await db.query('SELECT COUNT(*) AS n FROM device_grants WHERE client_id = ?', [
      client.id,
    ]);
    expect(Number(grants[0].n)).toBe(1);
    // The 49 losers' device rows were rolled back with their transactions.
    const devices = await db.query('SELECT COUNT(*) AS n FROM devices');
    expect(Number(devices[0].n)).toBe(1);
    const winner = browsers[results.findIndex((r) => r.status === 200)];
    await winner.get('/api/me/tasks').expect(200);
  });
});
