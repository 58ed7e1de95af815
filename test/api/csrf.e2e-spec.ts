// SPEC rule 20: state-changing requests that rely on a cookie are protected against CSRF.
import request from 'supertest';
import { browserAgent, StaffApi } from '../factories/staff-api';
import { createTestApp, TEST_PUBLIC_URL, TestApp } from '../support/app';

describe('cross-site request forgery', () => {
  let t: TestApp;
  let token: string;
  let cookie: string;

  beforeAll(async () => {
    t = await createTestApp();
    const staff = await StaffApi.signIn(t.http);
    ({ token } = await staff.dispatchedLink());
    const res = await browserAgent(t.http).post('/api/links/redeem').send({ token }).expect(200);
    cookie = String(res.headers['set-cookie']).split(';')[0];
  });
  afterAll(() => t.close());

  it('refuses a cookie-carrying POST without the portal header (a cross-site form)', async () => {
    const res = await request(t.http)
      .post('/api/links/redeem')
      .set('Cookie', cookie)
      .send({ token })
      .expect(403);
    expect(res.body.error).toBe('csrf_rejected');
  });

  it('refuses a cookie-carrying POST from another origin, even with the header', async () => {
    await request(t.http)
      .post('/api/links/redeem')
      .set('Cookie', cookie)
      .set('X-Requested-With', 'XMLHttpRequest')
      .set('Origin', 'https://evil.example')
      .send({ token })
      .expect(403);
    await request(t.http)
      .post('/api/links/redeem')
      .set('Cookie', cookie)
      .set('X-Requested-With', 'XMLHttpRequest')
      .set('Sec-Fetch-Site', 'cross-site')
      .send({ token })
      .expect(403);
  });

  it('accepts the same request from the portal itself', async () => {
    await request(t.http)
      .post('/api/links/redeem')
      .set('Cookie', cookie)
      .set('X-Requested-With', 'XMLHttpRequest')
      .set('Origin', TEST_PUBLIC_URL)
      .set('Sec-Fetch-Site', 'same-origin')
      .send({ token })
      .expect(200);
  });

  it('leaves requests without credential cookies alone (bearer-token staff API, first redemption)', async () => {
    const staff = await StaffApi.signIn(t.http);
    await staff
      .post('/api/admin/clients')
      .set('Origin', 'https://evil.example')
      .send({})
      .expect(422);
  });
});
