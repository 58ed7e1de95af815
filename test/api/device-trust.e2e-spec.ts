// SPEC rules 8 and 10: the order email hears of every new device; device cookies are hardened;
// staff can withdraw a device or a link, with immediate effect.
import { DataSource } from 'typeorm';
import { browserAgent, StaffApi } from '../factories/staff-api';
import { redeemForNotice } from '../factories/client-api';
import { createTestApp, TestApp } from '../support/app';
import { mailsTo, waitForMail } from '../support/mail';
import { outboxDrained } from '../support/outbox';

describe('trusted devices', () => {
  let t: TestApp;
  let staff: StaffApi;
  beforeAll(async () => {
    t = await createTestApp();
    staff = await StaffApi.signIn(t.http);
  });
  afterAll(() => t.close());

  it('e-mails the order address when tasks are bound to a new device, with no credential in it', async () => {
    const { token, client } = await staff.dispatchedLink();
    const notice = await redeemForNotice(
      t.http,
      token,
      client.email,
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/605.1',
    );
    expect(notice.text).toContain('Safari on iOS');
    expect(notice.text).not.toMatch(/\/l\/[A-Za-z0-9_-]{43}/);
    expect(notice.html).not.toMatch(/\/l\/[A-Za-z0-9_-]{43}/);
  });

  it("does not e-mail again when a device that already holds the client's tasks opens their next dispatch", async () => {
    const client = await staff.createClient();
    const first = await staff.createTask(client.id);
    const second = await staff.createTask(client.id);
    const phone = browserAgent(t.http);
    for (const task of [first, second]) {
      const sent = Date.now();
      await staff.dispatch(client.id, [task.id]);
      const mail = await waitForMail({
        to: client.email,
        subjectIncludes: 'to complete',
        after: sent,
      });
      const token = /\/l\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1];
      await phone.post('/api/links/redeem').send({ token }).expect(200);
    }
    // Every mail queued so far has left; only then does "one new-device notice" mean one.
    await outboxDrained(t.app.get(DataSource), { to: client.email });
    expect(
      (await mailsTo(client.email)).filter((m) => m.subject.includes('new device')),
    ).toHaveLength(1);
    expect((await phone.get('/api/me/tasks').expect(200)).body.openTotal).toBe(2);
  });

  it('sets the device cookie HttpOnly and SameSite=Lax, without Secure over http', async () => {
    const { token } = await staff.dispatchedLink();
    const res = await browserAgent(t.http).post('/api/links/redeem').send({ token }).expect(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(
      /^cp_device=[A-Za-z0-9_-]{43}; Max-Age=\d+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/,
    );
    // Only a hash of the cookie's secret is stored.
    const secret = /^cp_device=([^;]+)/.exec(cookie)![1];
    const rows = await t.app
      .get(DataSource)
      .query<{ n: number }[]>('SELECT COUNT(*) AS n FROM devices WHERE secret_hash = ?', [secret]);
    expect(Number(rows[0].n)).toBe(0);
  });

  it('staff revoking a device refuses its next request at once', async () => {
    const { token, client } = await staff.dispatchedLink();
    const phone = browserAgent(t.http);
    await phone.post('/api/links/redeem').send({ token }).expect(200);
    const devices = (await staff.get(`/api/admin/clients/${client.id}/devices`).expect(200))
      .body as { id: string; activeDispatchIds: string[] }[];
    expect(devices).toHaveLength(1);
    expect(devices[0].activeDispatchIds).toHaveLength(1);
    await staff.post(`/api/admin/clients/${client.id}/devices/${devices[0].id}/revoke`).expect(204);
    await phone.get('/api/me/tasks').expect(401);
    const after = (await staff.get(`/api/admin/clients/${client.id}/devices`).expect(200)).body as {
      activeDispatchIds: string[];
    }[];
    expect(after[0].activeDispatchIds).toEqual([]);
    const audit = (
      await staff.get(`/api/admin/audit?clientId=${client.id}&type=device.revoked`).expect(200)
    ).body;
    expect(audit.total).toBe(1);
  });

  it('staff withdrawing a link ends the access it gave and lists it as withdrawn; tokens are never listed', async () => {
    const { token, client } = await staff.dispatchedLink();
    const phone = browserAgent(t.http);
    await phone.post('/api/links/redeem').send({ token }).expect(200);
    const links = (await staff.get(`/api/admin/clients/${client.id}/links`).expect(200)).body as {
      id: string;
      state: string;
    }[];
    expect(links.map((l) => l.state)).toEqual(['used']);
    expect(JSON.stringify(links)).not.toContain(token);
    await staff.post(`/api/admin/clients/${client.id}/links/${links[0].id}/revoke`).expect(204);
    await phone.get('/api/me/tasks').expect(401);
    const after = (await staff.get(`/api/admin/clients/${client.id}/links`).expect(200)).body as {
      state: string;
    }[];
    expect(after.map((l) => l.state)).toEqual(['withdrawn']);
  });

  it('reads the audit log with paging', async () => {
    const page1 = (await staff.get('/api/admin/audit?limit=2&offset=0').expect(200)).body;
    const page2 = (await staff.get('/api/admin/audit?limit=2&offset=2').expect(200)).body;
    expect(page1.items).toHaveLength(2);
    expect(page1.total).toBeGreaterThan(4);
    expect(page2.items[0].id).not.toBe(page1.items[0].id);
    await staff.get('/api/admin/audit?limit=1000').expect(422);
    await staff.get('/api/admin/audit?type=DROP%20TABLE').expect(422);
  });
});

describe('device cookies over https', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ PUBLIC_URL: 'https://portal.test' })));
  afterAll(() => t.close());

  it('use the __Host- prefix and Secure when PUBLIC_URL is https', async () => {
    const staff = await StaffApi.signIn(t.http);
    const client = await staff.createClient();
    const task = await staff.createTask(client.id);
    const sent = Date.now();
    await staff.dispatch(client.id, [task.id]);
    const mail = await waitForMail({ to: client.email, after: sent });
    const token = /https:\/\/portal\.test\/l\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1];
    const res = await browserAgent(t.http)
      .set('Origin', 'https://portal.test')
      .post('/api/links/redeem')
      .send({ token })
      .expect(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-cp_device=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('; Path=/;');
    expect(cookie).toContain('; Secure');
    expect(cookie).not.toContain('Domain=');
    expect(res.headers['strict-transport-security']).toBeDefined();
  });
});
