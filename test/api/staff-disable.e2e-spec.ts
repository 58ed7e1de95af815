// Issue 12 item 1: an admin disables a staff user from the workspace (PATCH /api/admin/staff/:id
// { disabled }): their sessions end at once, they cannot sign in, the integration tokens they
// created stop; never yourself, never the last active admin; enabling lets them sign in again.
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { CreatedIntegrationToken, StaffLoginResponse, StaffView } from '@app/contracts';
import { StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';

describe('disabling and enabling staff users', () => {
  let t: TestApp;
  let admin: StaffApi;
  let adminId: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await StaffApi.signIn(t.http);
    const me = await admin.get('/api/staff/session').expect(200);
    adminId = (me.body as { staff: { id: string } }).staff.id;
  });
  afterAll(() => t.close());

  const patch = (api: StaffApi, id: string) =>
    request(api.http).patch(`/api/admin/staff/${id}`).set('Authorization', `Bearer ${api.token}`);

  async function create(username: string, role: 'admin' | 'staff'): Promise<StaffView> {
    return (
      await admin
        .post('/api/admin/staff')
        .send({ username, password: 'a long staff pass phrase', role })
        .expect(201)
    ).body as StaffView;
  }

  function login(username: string) {
    return request(t.http)
      .post('/api/staff/login')
      .send({ username, password: 'a long staff pass phrase' });
  }

  it('a disabled user is signed out at once and cannot sign in; enabled, they sign in again', async () => {
    const sam = await create('sam.disable', 'staff');
    expect(sam.disabledAt).toBeNull();
    const session = new StaffApi(
      t.http,
      ((await login('sam.disable').expect(200)).body as StaffLoginResponse).token,
    );
    await session.get('/api/admin/clients').expect(200);

    const disabled = (await patch(admin, sam.id).send({ disabled: true }).expect(200))
      .body as StaffView;
    expect(disabled.disabledAt).toEqual(expect.any(String));
    await session.get('/api/admin/clients').expect(401);
    await login('sam.disable').expect(401);
    const list = (await admin.get('/api/admin/staff').expect(200)).body as StaffView[];
    expect(list.find((s) => s.id === sam.id)?.disabledAt).toBe(disabled.disabledAt);

    const enabled = (await patch(admin, sam.id).send({ disabled: false }).expect(200))
      .body as StaffView;
    expect(enabled.disabledAt).toBeNull();
    // The old session stays ended; a new sign-in works.
    await session.get('/api/admin/clients').expect(401);
    await login('sam.disable').expect(200);

    const rows: { type: string }[] = await t.app
      .get(DataSource)
      .query('SELECT type FROM audit_events WHERE subject_id = ? ORDER BY created_at', [sam.id]);
    expect(rows.map((r) => r.type)).toEqual(
      expect.arrayContaining(['staff.disabled', 'staff.enabled']),
    );
  });

  it('the integration tokens an admin created stop when that admin is disabled', async () => {
    await create('ada.admin', 'admin');
    const ada = new StaffApi(
      t.http,
      ((await login('ada.admin').expect(200)).body as StaffLoginResponse).token,
    );
    const created = (
      await ada.post('/api/admin/integration-tokens').send({ name: 'Docketing' }).expect(201)
    ).body as CreatedIntegrationToken;
    const integration = new StaffApi(t.http, created.token);
    await integration.get('/api/admin/clients').expect(200);
    const list = (await admin.get('/api/admin/staff').expect(200)).body as StaffView[];
    const adaId = list.find((s) => s.username === 'ada.admin')!.id;
    await patch(admin, adaId).send({ disabled: true }).expect(200);
    await integration.get('/api/admin/clients').expect(401);
  });

  it('refuses disabling yourself, a staff-role caller and bad input, changing nothing', async () => {
    const self = await patch(admin, adminId).send({ disabled: true }).expect(409);
    expect(self.body).toMatchObject({
      error: 'cannot_disable_self',
      message: 'You cannot disable your own account; another admin can.',
    });
    await admin.get('/api/admin/staff').expect(200);

    const pat = await create('pat.disable', 'staff');
    const patApi = new StaffApi(
      t.http,
      ((await login('pat.disable').expect(200)).body as StaffLoginResponse).token,
    );
    await patch(patApi, adminId).send({ disabled: true }).expect(403);
    for (const disabled of ['yes', null, 1]) {
      const bad = await patch(admin, pat.id).send({ disabled }).expect(422);
      expect(bad.body.error).toBeDefined();
    }
    const list = (await admin.get('/api/admin/staff').expect(200)).body as StaffView[];
    expect(list.filter((s) => s.disabledAt).map((s) => s.username)).not.toContain('pat.disable');
    expect(list.find((s) => s.id === adminId)?.disabledAt).toBeNull();
  });
});
