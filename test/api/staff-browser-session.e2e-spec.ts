// Issue 12 item 1: staff in the browser ride an HttpOnly, SameSite cookie of their own with the
// same CSRF defence as client writes; bearer tokens stay for integrations, created and revoked
// per integration by admins; only admins manage staff users and integration tokens.
import request from 'supertest';
import type {
  CreatedIntegrationToken,
  IntegrationTokenView,
  StaffSessionView,
  StaffView,
} from '@app/contracts';
import { Clock } from '../../apps/api/src/common/clock';
import { browserAgent, StaffApi } from '../factories/staff-api';
import { createTestApp, TEST_ADMIN, TEST_PUBLIC_URL, TestApp } from '../support/app';

const SAM = { username: 'sam.staff', password: 'a long staff pass phrase' };

function cookieOf(res: request.Response, name: string): string | undefined {
  const all = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return all.find((c) => c.startsWith(`${name}=`));
}

describe('staff sessions in the browser, integration tokens, staff roles', () => {
  let t: TestApp;
  let admin: StaffApi;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await StaffApi.signIn(t.http);
    await admin
      .post('/api/admin/staff')
      .send({ ...SAM, role: 'staff', email: 'Sam@Firm.example' })
      .expect(201);
  });
  afterAll(() => t.close());
  // The clock moves in some tests: every test starts with a fresh admin session.
  beforeEach(async () => {
    admin = await StaffApi.signIn(t.http);
  });

  /** A browser signed in to the workspace (cookie jar plus the portal's header). */
  async function workspace(who: { username: string; password: string } = TEST_ADMIN) {
    const agent = browserAgent(t.http);
    const res = await agent.post('/api/staff/session').send(who).expect(200);
    return { agent, res };
  }

  it('signs in with a cookie of its own: HttpOnly, SameSite=Strict, no token in the answer', async () => {
    const { agent, res } = await workspace();
    const cookie = cookieOf(res, 'cp_staff');
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.body as StaffSessionView;
    expect(body).toMatchObject({ via: 'cookie', staff: { username: 'admin', role: 'admin' } });
    expect(JSON.stringify(body)).not.toContain(cookie!.split(';')[0].split('=')[1]);
    const me = (await agent.get('/api/staff/session').expect(200)).body as StaffSessionView;
    expect(me).toMatchObject({ via: 'cookie', staff: { username: 'admin' } });
    await agent.get('/api/admin/clients').expect(200);
  });

  it('a wrong password gets the same 401 as the bearer sign-in, and no cookie', async () => {
    const res = await browserAgent(t.http)
      .post('/api/staff/session')
      .send({ username: 'admin', password: 'not the password at all' })
      .expect(401);
    expect(res.body.error).toBe('sign_in_failed');
    expect(cookieOf(res, 'cp_staff')).toBeUndefined();
  });

  it('refuses a cookie write without the portal header or from another origin (csrf_rejected)', async () => {
    const { res } = await workspace();
    const cookie = cookieOf(res, 'cp_staff')!.split(';')[0];
    const body = { email: 'csrf.victim@example.com', name: 'Forged' };
    const bare = await request(t.http)
      .post('/api/admin/clients')
      .set('Cookie', cookie)
      .send(body)
      .expect(403);
    expect(bare.body.error).toBe('csrf_rejected');
    await request(t.http)
      .post('/api/admin/clients')
      .set('Cookie', cookie)
      .set('X-Requested-With', 'XMLHttpRequest')
      .set('Origin', 'https://evil.example')
      .send(body)
      .expect(403);
    await request(t.http)
      .post('/api/admin/clients')
      .set('Cookie', cookie)
      .set('X-Requested-With', 'XMLHttpRequest')
      .set('Sec-Fetch-Site', 'cross-site')
      .send(body)
      .expect(403);
    // Nothing was created by the refused requests; the portal's own request goes through.
    const list = await admin.get('/api/admin/clients?limit=100').expect(200);
    expect(JSON.stringify(list.body)).not.toContain('csrf.victim@example.com');
    await request(t.http)
      .post('/api/admin/clients')
      .set('Cookie', cookie)
      .set('X-Requested-With', 'XMLHttpRequest')
      .set('Origin', TEST_PUBLIC_URL)
      .set('Sec-Fetch-Site', 'same-origin')
      .send(body)
      .expect(201);
  });

  it('a client cookie opens no staff route, and the staff cookie opens no client route', async () => {
    const { token } = await admin.dispatchedLink();
    const client = browserAgent(t.http);
    await client.post('/api/links/redeem').send({ token }).expect(200);
    await client.get('/api/me/tasks').expect(200);
    await client.get('/api/admin/clients').expect(401);
    await client.get('/api/staff/session').expect(401);

    const { agent, res } = await workspace();
    await agent.get('/api/me/tasks').expect(401);
    // The staff token in the client's session cookie is no client session either.
    const value = cookieOf(res, 'cp_staff')!.split(';')[0].split('=')[1];
    await request(t.http).get('/api/me/tasks').set('Cookie', `cp_session=${value}`).expect(401);
    await request(t.http)
      .get('/api/admin/clients')
      .set('Cookie', `cp_session=${value}`)
      .expect(401);
  });

  it('signing out ends the session on the server and clears the cookie', async () => {
    const { agent, res } = await workspace();
    const cookie = cookieOf(res, 'cp_staff')!.split(';')[0];
    const out = await agent.delete('/api/staff/session').expect(204);
    expect(cookieOf(out, 'cp_staff')).toMatch(/Expires=Thu, 01 Jan 1970/);
    await agent.get('/api/staff/session').expect(401);
    // A copy of the old cookie is dead too.
    await request(t.http).get('/api/staff/session').set('Cookie', cookie).expect(401);
  });

  it('an idle session dies after SESSION_IDLE_MINUTES, like a client session', async () => {
    const { agent } = await workspace();
    const clock = t.app.get(Clock);
    clock.advance(29 * 60_000);
    await agent.get('/api/staff/session').expect(200);
    clock.advance(31 * 60_000);
    const res = await agent.get('/api/admin/clients').expect(401);
    expect(res.body).toMatchObject({ statusCode: 401 });
  });

  it('a used session still ends at its absolute expiry (STAFF_SESSION_HOURS)', async () => {
    const { agent, res } = await workspace();
    const expiresAt = Date.parse((res.body as StaffSessionView).expiresAt!);
    const clock = t.app.get(Clock);
    // Keep it busy every 25 minutes until just before the end.
    while (clock.now().getTime() + 25 * 60_000 < expiresAt) {
      clock.advance(25 * 60_000);
      await agent.get('/api/staff/session').expect(200);
    }
    clock.advance(expiresAt - clock.now().getTime() + 1000);
    await agent.get('/api/staff/session').expect(401);
  });

  it('a staff-role user in the browser cannot manage staff users or integration tokens (403)', async () => {
    const { agent, res } = await workspace(SAM);
    expect((res.body as StaffSessionView).staff).toMatchObject({
      role: 'staff',
      email: 'sam@firm.example',
    });
    await agent.get('/api/admin/clients').expect(200);
    await agent.get('/api/admin/staff').expect(403);
    await agent
      .post('/api/admin/staff')
      .send({ username: 'eve.staff', password: 'another long pass phrase', role: 'admin' })
      .expect(403);
    const list = (await admin.get('/api/admin/staff').expect(200)).body as StaffView[];
    const sam = list.find((s) => s.username === SAM.username)!;
    await agent.patch(`/api/admin/staff/${sam.id}`).send({ role: 'admin' }).expect(403);
    await agent.get('/api/admin/integration-tokens').expect(403);
    await agent.post('/api/admin/integration-tokens').send({ name: 'Mine' }).expect(403);
  });

  it('an admin sets and clears a staff e-mail address; the last admin keeps the role', async () => {
    const list = (await admin.get('/api/admin/staff').expect(200)).body as StaffView[];
    const sam = list.find((s) => s.username === SAM.username)!;
    const me = list.find((s) => s.username === 'admin')!;
    expect(sam.email).toBe('sam@firm.example');
    const patch = (path: string) =>
      request(t.http).patch(path).set('Authorization', `Bearer ${admin.token}`);
    const changed = await patch(`/api/admin/staff/${sam.id}`)
      .send({ email: ' Sam.Other@Firm.example ' })
      .expect(200);
    expect(changed.body).toMatchObject({ email: 'sam.other@firm.example', role: 'staff' });
    await patch(`/api/admin/staff/${sam.id}`).send({ email: 'not an address' }).expect(422);
    await patch(`/api/admin/staff/${sam.id}`).send({ email: null }).expect(200);
    const last = await patch(`/api/admin/staff/${me.id}`).send({ role: 'staff' }).expect(409);
    expect(last.body.error).toBe('last_admin');
    await patch('/api/admin/staff/00000000-0000-4000-8000-000000000000')
      .send({ email: 'x@example.com' })
      .expect(404);
  });

  it('integration tokens: shown once, stored hashed, last used recorded, revoked at once', async () => {
    const created = (
      await admin
        .post('/api/admin/integration-tokens')
        .send({ name: 'Docketing system' })
        .expect(201)
    ).body as CreatedIntegrationToken;
    expect(created.token).toMatch(/^cpi_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({
      name: 'Docketing system',
      createdBy: { username: 'admin' },
      lastUsedAt: null,
      revokedAt: null,
    });
    const integration = new StaffApi(t.http, created.token);
    await integration.get('/api/admin/clients').expect(200);
    const me = (await integration.get('/api/staff/session').expect(200)).body as StaffSessionView;
    expect(me).toMatchObject({ via: 'integration', staff: { role: 'staff' }, expiresAt: null });
    // It acts with the staff role: no staff users, no tokens.
    await integration.get('/api/admin/staff').expect(403);
    await integration.post('/api/admin/integration-tokens').send({ name: 'x' }).expect(403);

    const listed = (await admin.get('/api/admin/integration-tokens').expect(200))
      .body as IntegrationTokenView[];
    const row = listed.find((r) => r.id === created.id)!;
    expect(row.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(created.token.slice(4));

    const revoked = await admin
      .post(`/api/admin/integration-tokens/${created.id}/revoke`)
      .expect(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    await integration.get('/api/admin/clients').expect(401);
    // Revoking again is harmless; an unknown id is 404; a bad name is 422.
    await admin.post(`/api/admin/integration-tokens/${created.id}/revoke`).expect(200);
    await admin
      .post('/api/admin/integration-tokens/00000000-0000-4000-8000-000000000000/revoke')
      .expect(404);
    await admin.post('/api/admin/integration-tokens').send({ name: '' }).expect(422);
    await admin.post('/api/admin/integration-tokens').send({}).expect(422);
  });
});
