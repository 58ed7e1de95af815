// Issue 13 item 4: every state says what happened. The link status tells a replaced access link
// from an expired one (with its own validity: minutes for an access link, days for the rest), an
// unused access link works until its own hour, and the browser whose tasks an access link moved
// to another device learns that and when (the link page and GET /api/device/status), while no
// other browser learns anything.
import type request from 'supertest';
import type { ClientView, DeviceStatusResponse, LinkStatusResponse } from '@app/contracts';
import { Clock } from '../../apps/api/src/common/clock';
import { browserAgent, StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';
import { extractLink, waitForMail } from '../support/mail';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let ipSeq = 0;
/** An address of its own per browser, so the Send Access Link limits of one never touch another. */
const freshIp = (): string => `10.13.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

describe('link and device states say what happened (issue 13)', () => {
  let t: TestApp;
  let staff: StaffApi;
  let clock: Clock;

  beforeAll(async () => {
    t = await createTestApp();
    clock = t.app.get(Clock);
  });
  afterAll(() => t.close());
  // The clock moves days ahead in some tests: a staff session of its own for each.
  beforeEach(async () => {
    staff = await StaffApi.signIn(t.http);
  });

  const browser = (): request.Agent => browserAgent(t.http).set('X-Forwarded-For', freshIp());

  const status = async (agent: request.Agent, token: string): Promise<LinkStatusResponse> =>
    (await agent.post('/api/links/status').send({ token }).expect(200)).body as LinkStatusResponse;

  const deviceStatus = async (agent: request.Agent): Promise<DeviceStatusResponse> =>
    (await agent.get('/api/device/status').expect(200)).body as DeviceStatusResponse;

  /** Send Access Link from `agent` on the page of `token`; the new access link's token. */
  async function askAccessLink(
    agent: request.Agent,
    token: string,
    client: ClientView,
  ): Promise<string> {
    const asked = Date.now();
    await agent.post('/api/links/access-link').send({ token }).expect(202);
    const mail = await waitForMail({
      to: client.email,
      subjectIncludes: 'new access link',
      after: asked,
    });
    return extractLink(mail).token;
  }

  /** The phone opened the dispatch link; the laptop is declined there and asks for an access link. */
  async function phoneThenLaptop() {
    const { client, token } = await staff.dispatchedLink();
    const phone = browser();
    await phone.post('/api/links/redeem').send({ token }).expect(200);
    const laptop = browser();
    expect((await status(laptop, token)).state).toBe('declined');
    return { client, token, phone, laptop };
  }

  it('an unused access link works until its own hour, and says so (not the 30 days)', async () => {
    const { client, token, laptop } = await phoneThenLaptop();
    const sent = Date.now();
    const access = await askAccessLink(laptop, token, client);
    const ready = await status(laptop, access);
    expect(ready).toMatchObject({ state: 'ready', kind: 'access', accessLinkMinutes: 60 });
    const until = Date.parse(ready.expiresAt!);
    expect(until).toBeGreaterThan(sent + 59 * MINUTE);
    expect(until).toBeLessThanOrEqual(Date.now() + 60 * MINUTE);
    expect(ready.timeZone).toEqual(expect.any(String));
  });

  it('a replaced access link says replaced; a newer one was sent', async () => {
    const { client, token, laptop } = await phoneThenLaptop();
    const first = await askAccessLink(laptop, token, client);
    clock.advance(MINUTE + 1000);
    const second = await askAccessLink(laptop, token, client);
    const replaced = await status(browser(), first);
    expect(replaced).toMatchObject({ state: 'expired', expiredReason: 'replaced' });
    expect(replaced.expiresAt).toBeUndefined();
    expect((await status(laptop, second)).state).toBe('ready');
  });

  it('an access link not opened within its hour says unopened, with its minutes', async () => {
    const { client, token, laptop } = await phoneThenLaptop();
    const access = await askAccessLink(laptop, token, client);
    clock.advance(61 * MINUTE);
    expect(await status(browser(), access)).toMatchObject({
      state: 'expired',
      kind: 'access',
      expiredReason: 'unopened',
      accessLinkMinutes: 60,
    });
    await laptop.post('/api/links/redeem').send({ token: access }).expect(410);
  });

  it('a dispatch link past its days says ended, with its days', async () => {
    const { token } = await staff.dispatchedLink();
    clock.advance(31 * DAY);
    expect(await status(browser(), token)).toMatchObject({
      state: 'expired',
      kind: 'dispatch',
      expiredReason: 'ended',
      linkDays: 30,
    });
  });

  it('the device the tasks moved away from learns that and when; no other browser does', async () => {
    const { client, token, phone, laptop } = await phoneThenLaptop();
    const access = await askAccessLink(laptop, token, client);
    const before = clock.now().getTime();
    await laptop.post('/api/links/redeem').send({ token: access }).expect(200);

    // The phone reopens its own original link: declined, with when the tasks moved.
    const onPhone = await status(phone, token);
    expect(onPhone.state).toBe('declined');
    expect(Date.parse(onPhone.movedAt!)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(onPhone.movedAt!)).toBeLessThanOrEqual(clock.now().getTime());
    expect(onPhone.timeZone).toEqual(expect.any(String));
    // Its task pages are closed to it, and the device status says why.
    await phone.get('/api/me/tasks').expect(401);
    expect(await deviceStatus(phone)).toEqual({
      movedAt: onPhone.movedAt,
      timeZone: onPhone.timeZone,
    });

    // Any other browser: a plain declined link, and nothing about any device.
    const stranger = browser();
    const strangerSees = await status(stranger, token);
    expect(strangerSees.state).toBe('declined');
    expect(strangerSees.movedAt).toBeUndefined();
    expect((await deviceStatus(stranger)).movedAt).toBeNull();
    // The laptop holds the tasks: nothing moved away from it.
    expect((await status(laptop, token)).state).toBe('trusted');
    expect((await deviceStatus(laptop)).movedAt).toBeNull();
  });

  it('moved back: the device that holds the tasks again has nothing moved away', async () => {
    const { client, token, phone, laptop } = await phoneThenLaptop();
    // (Each token is read before the redeem: a cookie agent attaches cookies when a request is made.)
    const toLaptop = await askAccessLink(laptop, token, client);
    await laptop.post('/api/links/redeem').send({ token: toLaptop }).expect(200);
    clock.advance(MINUTE + 1000);
    const toPhone = await askAccessLink(phone, token, client);
    await phone.post('/api/links/redeem').send({ token: toPhone }).expect(200);
    expect((await deviceStatus(phone)).movedAt).toBeNull();
    expect((await status(phone, token)).state).toBe('trusted');
    // …and now the laptop is the one the tasks moved away from.
    expect((await deviceStatus(laptop)).movedAt).toEqual(expect.any(String));
    expect((await status(laptop, token)).movedAt).toEqual(expect.any(String));
  });

  it('access that ended without a move (staff withdrew the link) is never called a move', async () => {
    const { client, token, phone } = await phoneThenLaptop();
    const links = (await staff.get(`/api/admin/clients/${client.id}/links`).expect(200)).body as {
      id: string;
    }[];
    for (const link of links) {
      await staff.post(`/api/admin/clients/${client.id}/links/${link.id}/revoke`).send({});
    }
    expect((await status(phone, token)).state).toBe('withdrawn');
    expect((await deviceStatus(phone)).movedAt).toBeNull();
  });

  it('GET /api/device/status with a malformed or unknown cookie answers null, never 5xx', async () => {
    const res = await browserAgent(t.http)
      .get('/api/device/status')
      .set('Cookie', 'cp_device=not-a-real-secret')
      .expect(200);
    expect(res.body.movedAt).toBeNull();
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
