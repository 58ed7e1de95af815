// SPEC rule 7 / FAQ "Does the link expire?": valid for 30 days from creation (configurable), for
// fresh and already-trusted use alike; afterwards the page offers Send Access Link and log in.
import type { TaskListResponse } from '@app/contracts';
import { DataSource } from 'typeorm';
import { Clock } from '../../apps/api/src/common/clock';
import { browserAgent, linkFromMail, StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';

const DAY = 24 * 3_600_000;

describe('"The link is valid for 30 days"', () => {
  let t: TestApp;
  let clock: Clock;
  // Staff sign in afresh in each test: moving the clock ends idle staff sessions.
  const staff = { dispatchedLink: async () => (await StaffApi.signIn(t.http)).dispatchedLink() };
  beforeAll(async () => {
    t = await createTestApp();
    clock = t.app.get(Clock);
  });
  afterAll(() => t.close());

  it('an unused link still works on day 29 and is refused after 30 days', async () => {
    const early = await staff.dispatchedLink();
    const late = await staff.dispatchedLink();
    clock.advance(29 * DAY);
    await browserAgent(t.http).post('/api/links/redeem').send({ token: early.token }).expect(200);
    clock.advance(DAY + 1000);
    const agent = browserAgent(t.http);
    const status = await agent.post('/api/links/status').send({ token: late.token }).expect(200);
    expect(status.body).toEqual({
      state: 'expired',
      kind: 'dispatch',
      maskedEmail: expect.stringContaining('•••@'),
      firmName: 'Client Portal',
      // Issue 13: why it expired, with the validity it had (the page states it).
      expiredReason: 'ended',
      linkDays: 30,
    });
    const res = await agent.post('/api/links/redeem').send({ token: late.token }).expect(410);
    expect(res.body).toMatchObject({
      error: 'link_expired',
      message: expect.stringMatching(/new link by e-mail, or log in/),
    });
    const audit = await t.app
      .get(DataSource)
      .query<{ n: number }[]>(
        "SELECT COUNT(*) AS n FROM audit_events WHERE type = 'link.expired' AND client_id = ?",
        [late.client.id],
      );
    expect(Number(audit[0].n)).toBe(1);
  });

  it("the trusted device's access through the link ends too", async () => {
    const { token } = await staff.dispatchedLink();
    const phone = browserAgent(t.http);
    await phone.post('/api/links/redeem').send({ token }).expect(200);
    clock.advance(30 * DAY - 60_000);
    await phone.get('/api/me/tasks').expect(200);
    clock.advance(61_000);
    await phone.get('/api/me/tasks').expect(401);
    expect((await phone.post('/api/links/status').send({ token })).body.state).toBe('expired');
    await phone.post('/api/links/redeem').send({ token }).expect(410);
  });

  it('after expiry, Send Access Link still brings a working link for the same tasks', async () => {
    const { token, task, client } = await staff.dispatchedLink();
    await browserAgent(t.http).post('/api/links/redeem').send({ token }).expect(200);
    clock.advance(31 * DAY);
    const phone = browserAgent(t.http);
    const asked = Date.now();
    await phone.post('/api/links/access-link').send({ token }).expect(202);
    const fresh = await linkFromMail(client.email, 'new access link', asked);
    await phone.post('/api/links/redeem').send({ token: fresh.token }).expect(200);
    const list = (await phone.get('/api/me/tasks').expect(200)).body as TaskListResponse;
    expect(list.open.map((x) => x.id)).toEqual([task.id]);
  });
});

describe('the validity period is configurable', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ LINK_TTL_DAYS: '2' })));
  afterAll(() => t.close());

  it('LINK_TTL_DAYS=2 ends a link after two days', async () => {
    const staff = await StaffApi.signIn(t.http);
    const { token } = await staff.dispatchedLink();
    t.app.get(Clock).advance(2 * DAY + 1000);
    await browserAgent(t.http).post('/api/links/redeem').send({ token }).expect(410);
  });
});
