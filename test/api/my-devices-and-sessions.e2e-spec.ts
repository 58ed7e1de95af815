// A logged-in client lists the devices holding their tasks and their login and PIN sessions,
// and revokes any: a revoked one is refused on its next request.
import type { AccessListResponse } from '@app/contracts';
import { DataSource } from 'typeorm';
import {
  createLogin,
  GOOD_PASSWORD,
  signedInBrowser,
  trustedBrowser,
  uniqueUsername,
} from '../factories/account-api';
import { browserAgent, StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';

const ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

describe('my devices and sessions', () => {
  let t: TestApp;
  let staff: StaffApi;
  beforeAll(async () => {
    t = await createTestApp();
    staff = await StaffApi.signIn(t.http);
  });
  afterAll(() => t.close());

  it('lists the trusted devices and live sessions of the logged-in client, marking this one', async () => {
    const trusted = await trustedBrowser(t.http, staff);
    const credentials = await createLogin(trusted);
    const phone = browserAgent(t.http).set('User-Agent', ANDROID);
    await phone.post('/api/account/login').send(credentials).expect(200);
    const access = (await phone.get('/api/account/access').expect(200)).body as AccessListResponse;
    expect(access.devices).toHaveLength(1);
    expect(access.devices[0]).toMatchObject({ dispatchCount: 1, current: false });
    expect(access.sessions).toHaveLength(2);
    expect(access.sessions.filter((s) => s.current)).toEqual([
      expect.objectContaining({ kind: 'account', label: 'Chrome on Android' }),
    ]);
    // The trusted device, now also signed in, sees itself as current.
    const own = (await trusted.agent.get('/api/account/access').expect(200))
      .body as AccessListResponse;
    expect(own.devices[0].current).toBe(true);
  });

  it('revokes a device: its next request is refused', async () => {
    const trusted = await trustedBrowser(t.http, staff);
    const credentials = await createLogin(trusted);
    // The trusted device signs out, keeping only its device cookie.
    await trusted.agent.post('/api/account/logout').expect(204);
    await trusted.agent.get('/api/me/tasks').expect(200);
    const other = await signedInBrowser(t.http, credentials);
    const { devices } = (await other.get('/api/account/access').expect(200))
      .body as AccessListResponse;
    await other.delete(`/api/account/devices/${devices[0].id}`).expect(204);
    await trusted.agent.get('/api/me/tasks').expect(401);
    const after = (await other.get('/api/account/access').expect(200)).body as AccessListResponse;
    expect(after.devices).toEqual([]);
    await other.delete(`/api/account/devices/${devices[0].id}`).expect(404);
  });

  it('revokes a session: its next request is refused, and it is audited', async () => {
    const trusted = await trustedBrowser(t.http, staff);
    const credentials = await createLogin(trusted);
    const laptop = await signedInBrowser(t.http, credentials);
    const phone = await signedInBrowser(t.http, credentials);
    const { sessions } = (await phone.get('/api/account/access').expect(200))
      .body as AccessListResponse;
    const laptopSession = sessions.filter((s) => !s.current);
    for (const s of laptopSession) await phone.delete(`/api/account/sessions/${s.id}`).expect(204);
    await laptop.get('/api/me/tasks').expect(401);
    await phone.get('/api/me/tasks').expect(200);
    const rows: { type: string }[] = await t.app
      .get(DataSource)
      .query('SELECT type FROM audit_events WHERE client_id = ?', [trusted.client.id]);
    expect(rows.map((r) => r.type)).toContain('session.revoked');
  });

  it("cannot see or revoke another client's devices and sessions (404), nor without a login (403)", async () => {
    const mine = await trustedBrowser(t.http, staff);
    const theirs = await trustedBrowser(t.http, staff);
    const myLogin = await createLogin(mine);
    await createLogin(theirs, uniqueUsername(), GOOD_PASSWORD);
    const theirAccess = (await theirs.agent.get('/api/account/access').expect(200))
      .body as AccessListResponse;
    const me = await signedInBrowser(t.http, myLogin);
    await me.delete(`/api/account/devices/${theirAccess.devices[0].id}`).expect(404);
    await me.delete(`/api/account/sessions/${theirAccess.sessions[0].id}`).expect(404);
    await theirs.agent.get('/api/me/tasks').expect(200);

    const deviceOnly = await trustedBrowser(t.http, staff);
    const refused = await deviceOnly.agent.get('/api/account/access').expect(403);
    expect(refused.body.error).toBe('login_required');
    await me.delete('/api/account/sessions/not-a-uuid').expect(400);
  });
});
