// SPEC rule 9: a scheduled job purges expired links (and ended grants and sessions) in bounded
// batches, once across all instances, some retention period after expiry.
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { Clock } from '../../apps/api/src/common/clock';
import { DeviceGrant } from '../../apps/api/src/devices/device-grant.entity';
import { PurgeJob } from '../../apps/api/src/links/purge.job';
import { browserAgent, StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';

const DAY = 24 * 3_600_000;

describe('the purge of expired links', () => {
  let first: TestApp;
  let second: TestApp;
  let db: DataSource;
  const count = async (table: string): Promise<number> =>
    Number((await db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    first = await createTestApp({ PURGE_BATCH_SIZE: '2' });
    // A second instance on the same database, as in a scaled-out deployment.
    const { createApp } = await import('../../apps/api/src/app.factory');
    const app = await createApp({ ...first.env });
    await app.init();
    second = { ...first, app, http: app.getHttpServer(), close: () => app.close() };
    db = first.app.get(DataSource);
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  const advanceBoth = (ms: number): void => {
    first.app.get(Clock).advance(ms);
    second.app.get(Clock).advance(ms);
  };

  it('runs on a timer in every instance (the tick then decides which one purges)', () => {
    for (const instance of [first, second]) {
      expect(instance.app.get(SchedulerRegistry).doesExist('interval', 'purge-expired')).toBe(true);
    }
  });

  it('keeps expired links through the retention period (the expired page still works), then deletes them once, in batches, on one instance per tick', async () => {
    const staff = await StaffApi.signIn(first.http);
    const links = [];
    for (let i = 0; i < 5; i++) links.push(await staff.dispatchedLink());
    await browserAgent(first.http)
      .post('/api/links/redeem')
      .send({ token: links[0].token })
      .expect(200);
    expect(await count('links')).toBe(5);
    expect(await count('device_grants')).toBe(1);

    advanceBoth(31 * DAY);
    expect(await first.app.get(PurgeJob).purge()).toEqual({
      links: 0,
      deviceGrants: 0,
      sessions: 1,
    });
    expect(
      (await browserAgent(first.http).post('/api/links/status').send({ token: links[1].token }))
        .body.state,
    ).toBe('expired');

    advanceBoth(30 * DAY);
    const [a, b] = await Promise.all([
      first.app.get(PurgeJob).tick(),
      second.app.get(PurgeJob).tick(),
    ]);
    const ran = [a, b].filter((r) => r !== null);
    expect(ran).toHaveLength(1);
    expect(ran[0]).toMatchObject({ links: 5, deviceGrants: 1 });
    expect(await count('links')).toBe(0);
    expect(await count('device_grants')).toBe(0);
    expect(
      (await browserAgent(first.http).post('/api/links/status').send({ token: links[1].token }))
        .body.state,
    ).toBe('unknown');

    // The same tick again does nothing anywhere; the next tick runs once more, on one instance.
    expect(
      await Promise.all([first.app.get(PurgeJob).tick(), second.app.get(PurgeJob).tick()]),
    ).toEqual([null, null]);
    advanceBoth(61 * 60_000);
    const next = await Promise.all([
      first.app.get(PurgeJob).tick(),
      second.app.get(PurgeJob).tick(),
    ]);
    expect(next.filter((r) => r !== null)).toEqual([
      { links: 0, deviceGrants: 0, sessions: expect.any(Number) },
    ]);

    const runs = await db.query<{ n: number }[]>(
      "SELECT COUNT(*) AS n FROM audit_events WHERE type = 'purge.ran'",
    );
    expect(Number(runs[0].n)).toBe(3);
  });

  it('deletes a grant revoked longer ago than the retention period even before it expires, and keeps one revoked recently', async () => {
    const staff = await StaffApi.signIn(first.http);
    const grants = db.getRepository(DeviceGrant);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const link = await staff.dispatchedLink();
      await browserAgent(first.http)
        .post('/api/links/redeem')
        .send({ token: link.token })
        .expect(200);
      ids.push((await grants.findOneByOrFail({ clientId: link.client.id })).id);
    }
    const now = first.app.get(Clock).now().getTime();
    const later = new Date(now + 300 * DAY);
    // Two revoked long ago (more than a batch of 2 with the one below: the batches carry on),
    // one revoked yesterday; none has expired.
    await grants.update({ id: ids[0] }, { revokedAt: new Date(now - 31 * DAY), expiresAt: later });
    await grants.update({ id: ids[1] }, { revokedAt: new Date(now - 40 * DAY), expiresAt: later });
    await grants.update({ id: ids[2] }, { revokedAt: new Date(now - DAY), expiresAt: later });
    expect(await first.app.get(PurgeJob).purge()).toMatchObject({ deviceGrants: 2, links: 0 });
    expect((await grants.find()).map((g) => g.id)).toEqual([ids[2]]);
  });

  it('can be run by hand by an admin, and by no one else', async () => {
    // (the staff session of the first test ended with the clock moves and was purged)
    const staff = await StaffApi.signIn(first.http);
    const res = await staff.post('/api/admin/maintenance/purge').expect(200);
    expect(res.body).toEqual({
      links: expect.any(Number),
      deviceGrants: expect.any(Number),
      sessions: expect.any(Number),
    });
    await browserAgent(first.http).post('/api/admin/maintenance/purge').expect(401);
  });
});
