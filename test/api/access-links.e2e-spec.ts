// SPEC rules 5-6: access links replace earlier ones, expire unredeemed after 1 hour, and are
// throttled (60 s between sends, 5 an hour per client, and per network address) with 429.
import { DataSource } from 'typeorm';
import { Clock } from '../../apps/api/src/common/clock';
import { browserAgent, linkFromMail, StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';

const MINUTE = 60_000;

describe('Send Access Link', () => {
  let t: TestApp;
  let clock: Clock;
  let db: DataSource;
  const linkCount = async (): Promise<number> =>
    Number((await db.query('SELECT COUNT(*) AS n FROM links'))[0].n);

  beforeAll(async () => {
    t = await createTestApp({ ACCESS_LINK_MAX_PER_ADDRESS_PER_HOUR: '1000' });
    clock = t.app.get(Clock);
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  // Staff sign in afresh each time: moving the clock ends idle staff sessions.
  async function usedLink() {
    const staff = await StaffApi.signIn(t.http);
    const link = await staff.dispatchedLink();
    await browserAgent(t.http).post('/api/links/redeem').send({ token: link.token }).expect(200);
    return link;
  }

  // Issue 14: an access link works only in the browser that asked for it, so the asking
  // browser is the one that then opens it.
  async function askForAccessLink(
    token: string,
    email: string,
    asker = browserAgent(t.http),
  ): Promise<string> {
    const asked = Date.now();
    await asker.post('/api/links/access-link').send({ token }).expect(202);
    return (await linkFromMail(email, 'new access link', asked)).token;
  }

  it('each new access link replaces earlier unredeemed ones', async () => {
    const { token, client } = await usedLink();
    const laptop = browserAgent(t.http);
    const older = await askForAccessLink(token, client.email, laptop);
    clock.advance(MINUTE + 1000);
    const newer = await askForAccessLink(token, client.email, laptop);
    expect((await laptop.post('/api/links/status').send({ token: older })).body.state).toBe(
      'expired',
    );
    expect(
      (await laptop.post('/api/links/redeem').send({ token: older }).expect(410)).body.error,
    ).toBe('link_expired');
    await laptop.post('/api/links/redeem').send({ token: newer }).expect(200);
  });

  it('an access link not redeemed within 1 hour is refused', async () => {
    const { token, client } = await usedLink();
    const laptop = browserAgent(t.http);
    const access = await askForAccessLink(token, client.email, laptop);
    clock.advance(60 * MINUTE + 1000);
    expect((await laptop.post('/api/links/status').send({ token: access })).body.state).toBe(
      'expired',
    );
    await laptop.post('/api/links/redeem').send({ token: access }).expect(410);
    await laptop.get('/api/me/tasks').expect(401);
  });

  it('an access link redeemed within the hour grants access like any link', async () => {
    const { token, client } = await usedLink();
    const laptop = browserAgent(t.http);
    const access = await askForAccessLink(token, client.email, laptop);
    clock.advance(59 * MINUTE);
    await laptop.post('/api/links/redeem').send({ token: access }).expect(200);
    clock.advance(2 * 60 * MINUTE);
    await laptop.get('/api/me/tasks').expect(200);
  });

  it('a second request within 60 s gets 429 with Retry-After, changes nothing, and works once the wait is over', async () => {
    const { token, client } = await usedLink();
    // The app's clock runs on real time plus what the test adds: on a busy machine seconds of
    // real time pass between the two requests (the first one's mail is awaited), and the wait
    // shrinks by as much. The bounds allow that time and no more.
    const started = Date.now();
    await askForAccessLink(token, client.email);
    clock.advance(20_000);
    const before = await linkCount();
    const throttled = await browserAgent(t.http)
      .post('/api/links/access-link')
      .send({ token })
      .expect(429);
    const realSeconds = Math.ceil((Date.now() - started) / 1000);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(39 - realSeconds);
    expect(Number(throttled.headers['retry-after'])).toBeLessThanOrEqual(41);
    expect(throttled.body).toMatchObject({
      error: 'too_many_requests',
      retryAfterSeconds: Number(throttled.headers['retry-after']),
    });
    expect(throttled.body.message).toMatch(/another one in \d+ seconds/);
    expect(await linkCount()).toBe(before);
    clock.advance(41_000);
    await askForAccessLink(token, client.email);
  });

  it('at most 5 an hour per client; the 6th waits until the oldest is an hour old', async () => {
    const { token, client } = await usedLink();
    for (let i = 0; i < 5; i++) {
      await browserAgent(t.http).post('/api/links/access-link').send({ token }).expect(202);
      clock.advance(MINUTE + 1000);
    }
    const throttled = await browserAgent(t.http)
      .post('/api/links/access-link')
      .send({ token })
      .expect(429);
    const wait = Number(throttled.headers['retry-after']);
    expect(wait).toBeGreaterThan(50 * 60);
    expect(wait).toBeLessThanOrEqual(55 * 60);
    clock.advance(wait * 1000);
    await browserAgent(t.http).post('/api/links/access-link').send({ token }).expect(202);
    expect(client.email).toContain('@');
  });
});

describe('Send Access Link per-address limit', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ ACCESS_LINK_MAX_PER_ADDRESS_PER_HOUR: '3' })));
  afterAll(() => t.close());

  it('limits sends from one network address across different clients', async () => {
    const staff = await StaffApi.signIn(t.http);
    const links = [];
    for (let i = 0; i < 4; i++) links.push(await staff.dispatchedLink());
    for (const { token } of links.slice(0, 3)) {
      await browserAgent(t.http).post('/api/links/access-link').send({ token }).expect(202);
    }
    const res = await browserAgent(t.http)
      .post('/api/links/access-link')
      .send({ token: links[3].token })
      .expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(3500);
  });
});

describe('Send Access Link bad input', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('answers malformed, unknown and withdrawn links with a clear 4xx and sends nothing', async () => {
    const staff = await StaffApi.signIn(t.http);
    const agent = browserAgent(t.http);
    await agent.post('/api/links/access-link').send({ token: 'nope' }).expect(422);
    await agent.post('/api/links/access-link').send({}).expect(422);
    await agent
      .post('/api/links/access-link')
      .send({ token: 'B'.repeat(43) })
      .expect(404);
    await agent
      .post('/api/links/access-link')
      .set('Content-Type', 'application/json')
      .send('{')
      .expect(400);

    const { token, client } = await staff.dispatchedLink();
    const [link] = await staff
      .get(`/api/admin/clients/${client.id}/links`)
      .expect(200)
      .then((r) => r.body as { id: string }[]);
    await staff.post(`/api/admin/clients/${client.id}/links/${link.id}/revoke`).expect(204);
    const withdrawn = await agent.post('/api/links/access-link').send({ token }).expect(403);
    expect(withdrawn.body.error).toBe('link_withdrawn');
    const db = t.app.get(DataSource);
    const access = await db.query("SELECT COUNT(*) AS n FROM links WHERE kind = 'access'");
    expect(Number(access[0].n)).toBe(0);
  });
});
