// Deny by default: every route refuses the anonymous caller unless it is marked public,
// and every admin route refuses a client's trusted device, login session and PIN session.
import request from 'supertest';
import type { AccessPolicy } from '../../apps/api/src/auth/decorators';
import {
  createLogin,
  pinDispatch,
  signedInBrowser,
  trustedBrowser,
} from '../factories/account-api';
import { browserAgent, StaffApi } from '../factories/staff-api';
import { createTestApp, TEST_ADMIN, TestApp } from '../support/app';
import { appRoutes } from '../support/app-routes';

interface Route {
  method: string;
  path: string;
  policy: AccessPolicy | undefined;
}

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';

function routesOf(t: TestApp): Route[] {
  return appRoutes(t.app).map(({ method, path, policy }) => ({
    method,
    path: path.replace(/:[A-Za-z]+/g, SAMPLE_ID),
    policy,
  }));
}

describe('deny by default', () => {
  let t: TestApp;
  let routes: Route[];
  beforeAll(async () => {
    t = await createTestApp();
    routes = routesOf(t);
  });
  afterAll(() => t.close());

  it('finds the routes it walks (the walk itself works)', () => {
    expect(routes.length).toBeGreaterThanOrEqual(10);
    expect(routes).toContainEqual(
      expect.objectContaining({ method: 'post', path: '/api/admin/clients' }),
    );
  });

  it('every route states who may call it', () => {
    expect(routes.filter((r) => r.policy === undefined)).toEqual([]);
  });

  it('only the expected routes are public', () => {
    const open = routes
      .filter((r) => r.policy?.kind === 'public')
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(open).toEqual(
      [
        'get /api/health',
        // Issue 13: the firm's name, logo, colour, contact and time zone for the portal shell.
        'get /api/branding',
        // Issue 13: a browser whose tasks moved learns when, from its own device cookie only.
        'get /api/device/status',
        'post /api/links/access-code',
        'post /api/links/access-link',
        'post /api/links/redeem',
        'post /api/links/status',
        'post /api/account/login',
        'post /api/pin/sessions',
        'post /api/staff/login',
        // Issue 12: the staff workspace's sign-in (the session rides a cookie).
        'post /api/staff/session',
      ].sort(),
    );
  });

  it('every non-public route refuses the anonymous caller', async () => {
    for (const route of routes.filter((r) => r.policy?.kind !== 'public')) {
      const res = await request(t.http)[route.method as 'get'](route.path).send({});
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
      });
    }
  });

  it('every admin route refuses a client holding a trusted-device cookie, and a forged bearer token', async () => {
    const staff = await StaffApi.signIn(t.http);
    const { token } = await staff.dispatchedLink();
    const device = browserAgent(t.http);
    await device.post('/api/links/redeem').send({ token }).expect(200);
    const staffRoutes = routes.filter((r) => r.policy?.kind === 'staff');
    expect(staffRoutes.length).toBeGreaterThan(3);
    for (const route of staffRoutes) {
      expect((await device[route.method as 'get'](route.path).send({})).status).toBe(401);
      const forged = await request(t.http)
        [route.method as 'get'](route.path)
        .set('Authorization', `Bearer ${'A'.repeat(43)}`)
        .send({});
      expect(forged.status).toBe(401);
    }
  });

  it('every admin route refuses a logged-in client session and a PIN session', async () => {
    const staff = await StaffApi.signIn(t.http);
    const login = await signedInBrowser(
      t.http,
      await createLogin(await trustedBrowser(t.http, staff)),
    );
    const legacy = await pinDispatch(staff);
    const pin = browserAgent(t.http);
    await pin
      .post('/api/pin/sessions')
      .send({ reference: legacy.reference, pin: legacy.pin })
      .expect(200);
    await login.get('/api/me/tasks').expect(200);
    await pin.get('/api/me/tasks').expect(200);
    const staffRoutes = routes.filter((r) => r.policy?.kind === 'staff');
    for (const route of staffRoutes) {
      for (const [who, agent] of [
        ['login session', login],
        ['PIN session', pin],
      ] as const) {
        const res = await agent[route.method as 'get'](route.path).send({});
        expect({ who, route: `${route.method} ${route.path}`, status: res.status }).toEqual({
          who,
          route: `${route.method} ${route.path}`,
          status: 401,
        });
      }
    }
  });

  it('a staff session ended by logout is refused at once', async () => {
    const staff = await StaffApi.signIn(t.http);
    await staff.get('/api/admin/clients').expect(200);
    await staff.post('/api/staff/logout').expect(204);
    await staff.get('/api/admin/clients').expect(401);
  });

  // Issue 12: staff in the browser (cookie), integration tokens, and the two staff roles.
  it('staff roles: admin-only routes answer 403 to a staff-role cookie and an integration token; other staff routes let them in', async () => {
    const admin = await StaffApi.signIn(t.http);
    const sam = { username: 'deny.staff', password: 'deny staff pass phrase' };
    await admin
      .post('/api/admin/staff')
      .send({ ...sam, role: 'staff' })
      .expect(201);
    const workspace = browserAgent(t.http);
    await workspace.post('/api/staff/session').send(sam).expect(200);
    const created = await admin
      .post('/api/admin/integration-tokens')
      .send({ name: 'Deny by default' })
      .expect(201);
    const integration = new StaffApi(t.http, created.body.token as string);
    const staffRoutes = routes.filter((r) => r.policy?.kind === 'staff');
    const adminOnly = staffRoutes.filter(
      (r) => r.policy?.kind === 'staff' && !r.policy.roles.includes('staff'),
    );
    expect(adminOnly.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'post /api/admin/staff',
        'get /api/admin/integration-tokens',
        'post /api/admin/integration-tokens',
      ]),
    );
    for (const route of staffRoutes) {
      // Sign-out is left for last: it would end the session the loop uses.
      if (route.path.startsWith('/api/staff/')) continue;
      const name = `${route.method} ${route.path}`;
      const expected = adminOnly.includes(route) ? 403 : 'not 401 or 403';
      for (const [who, call] of [
        ['staff-role cookie', () => workspace[route.method as 'get'](route.path).send({})],
        [
          'integration token',
          () =>
            request(t.http)
              [route.method as 'get'](route.path)
              .set('Authorization', `Bearer ${integration.token}`)
              .send({}),
        ],
      ] as const) {
        const status = (await call()).status;
        const seen = status === 401 || status === 403 ? status : 'not 401 or 403';
        expect({ who, route: name, status: seen }).toEqual({ who, route: name, status: expected });
      }
    }
  });

  it('every staff route refuses a signed-out workspace cookie and a revoked integration token; the client routes refuse the staff cookie', async () => {
    const admin = await StaffApi.signIn(t.http);
    const workspace = browserAgent(t.http);
    await workspace.post('/api/staff/session').send(TEST_ADMIN).expect(200);
    await workspace.get('/api/staff/session').expect(200);
    const clientRoutes = routes.filter((r) => r.policy?.kind === 'client');
    expect(clientRoutes.length).toBeGreaterThan(3);
    for (const route of clientRoutes) {
      const res = await workspace[route.method as 'get'](route.path).send({});
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
      });
    }
    const cookieJarCopy = browserAgent(t.http);
    const again = await cookieJarCopy.post('/api/staff/session').send(TEST_ADMIN).expect(200);
    const cookie = String(again.headers['set-cookie']).split(';')[0];
    await cookieJarCopy.delete('/api/staff/session').expect(204);
    const created = await admin
      .post('/api/admin/integration-tokens')
      .send({ name: 'Revoked at once' })
      .expect(201);
    await admin.post(`/api/admin/integration-tokens/${created.body.id}/revoke`).expect(200);
    for (const route of routes.filter((r) => r.policy?.kind === 'staff')) {
      const signedOut = await request(t.http)
        [route.method as 'get'](route.path)
        .set('Cookie', cookie)
        .set('X-Requested-With', 'XMLHttpRequest')
        .send({});
      const revoked = await request(t.http)
        [route.method as 'get'](route.path)
        .set('Authorization', `Bearer ${created.body.token as string}`)
        .send({});
      expect({
        route: `${route.method} ${route.path}`,
        cookie: signedOut.status,
        token: revoked.status,
      }).toEqual({
        route: `${route.method} ${route.path}`,
        cookie: 401,
        token: 401,
      });
    }
  });
});
