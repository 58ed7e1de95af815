// SPEC rules 14-16 and 20: a client creates a login from a trusted link (the email must be the
// order email), signs in anywhere with it and sees every task ever sent, legacy ones included.
import request from 'supertest';
import type { ApiError, ClientMeResponse, TaskListResponse } from '@app/contracts';
import {
  createLogin,
  GOOD_PASSWORD,
  pinDispatch,
  sessionCookie,
  signedInBrowser,
  trustedBrowser,
  uniqueUsername,
} from '../factories/account-api';
import { browserAgent, StaffApi } from '../factories/staff-api';
import { createTestApp, TEST_PUBLIC_URL, TestApp } from '../support/app';
import { mailsTo, waitForMail } from '../support/mail';
import { DataSource } from 'typeorm';
import { Clock } from '../../apps/api/src/common/clock';
import { expectOneCreated } from '../support/races';

describe('creating a login from a trusted link', () => {
  let t: TestApp;
  let staff: StaffApi;
  beforeAll(async () => {
    t = await createTestApp();
    staff = await StaffApi.signIn(t.http);
  });
  afterAll(() => t.close());

  it('refuses an email that is not the order email with 422 and a clear message, storing nothing', async () => {
    const trusted = await trustedBrowser(t.http, staff);
    const res = await trusted.agent
      .post('/api/account')
      .send({
        email: 'someone.else@example.com',
        username: uniqueUsername(),
        password: GOOD_PASSWORD,
      })
      .expect(422);
    const body = res.body as ApiError;
    expect(body.error).toBe('email_mismatch');
    expect(body.message).toMatch(/e-mail address you placed your trademark order with/);
    expect(body.fields?.email).toBeDefined();
    const me = (await trusted.agent.get('/api/account/me').expect(200)).body as ClientMeResponse;
    expect(me).toMatchObject({ via: 'device', username: null, canCreateLogin: true });
  });

  it('accepts the order email trimmed and in any case, signs the browser in, and mails a notice without the password', async () => {
    const trusted = await trustedBrowser(t.http, staff);
    const username = uniqueUsername('Jane');
    const before = Date.now();
    const res = await trusted.agent
      .post('/api/account')
      .send({
        email: `  ${trusted.client.email.toUpperCase()} `,
        username,
        password: GOOD_PASSWORD,
      })
      .expect(201);
    expect(res.body).toMatchObject({ username: username.toLowerCase() });
    const cookie = sessionCookie(res);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const me = (await trusted.agent.get('/api/account/me').expect(200)).body as ClientMeResponse;
    expect(me).toMatchObject({
      via: 'account',
      username: username.toLowerCase(),
      canCreateLogin: false,
    });

    const mail = await waitForMail({
      to: trusted.client.email,
      subjectIncludes: 'login',
      after: before - 1000,
    });
    expect(mail.text).toMatch(/login .* was just created/);
    expect(mail.text).not.toContain(GOOD_PASSWORD);
    expect(mail.text).not.toContain(username.toLowerCase());
  });

  it('refuses a common password from the shipped list, and a short one, field by field', async () => {
    const trusted = await trustedBrowser(t.http, staff);
    const common = await trusted.agent
      .post('/api/account')
      .send({ email: trusted.client.email, username: uniqueUsername(), password: 'qwerty123456' })
      .expect(422);
    expect(common.body).toMatchObject({ error: 'weak_password' });
    expect((common.body as ApiError).fields?.password?.[0]).toMatch(/too common/);
    const short = await trusted.agent
      .post('/api/account')
      .send({ email: trusted.client.email, username: uniqueUsername(), password: 'short' })
      .expect(422);
    expect((short.body as ApiError).fields?.password?.[0]).toMatch(/12 to 128/);
    const long = await trusted.agent
      .post('/api/account')
      .send({ email: trusted.client.email, username: uniqueUsername(), password: 'x'.repeat(129) })
      .expect(422);
    expect((long.body as ApiError).fields?.password).toBeDefined();
    expect(
      ((await trusted.agent.get('/api/account/me')).body as ClientMeResponse).username,
    ).toBeNull();
  });

  it('refuses bad fields with 422, a taken username and a second login with 409', async () => {
    const first = await trustedBrowser(t.http, staff);
    const { username } = await createLogin(first);
    const again = await first.agent
      .post('/api/account')
      .send({ email: first.client.email, username: uniqueUsername(), password: GOOD_PASSWORD })
      .expect(409);
    expect((again.body as ApiError).error).toBe('account_exists');

    const second = await trustedBrowser(t.http, staff);
    const taken = await second.agent
      .post('/api/account')
      .send({ email: second.client.email, username, password: GOOD_PASSWORD })
      .expect(409);
    expect(taken.body).toMatchObject({
      error: 'username_taken',
      message: 'This username is taken. Please choose another.',
    });
    for (const body of [
      {},
      { email: 'not-an-email', username: 'ok.name', password: GOOD_PASSWORD },
      { email: second.client.email, username: 'a b', password: GOOD_PASSWORD },
      { email: second.client.email, username: 'x', password: GOOD_PASSWORD, extra: 1 },
    ]) {
      const res = await second.agent.post('/api/account').send(body).expect(422);
      expect(res.body.message).toMatch(/Please check/);
    }
  });

  it('ten parallel creations of one username from ten clients give exactly one 201 and nine 409', async () => {
    const browsers = await Promise.all(
      Array.from({ length: 10 }, () => trustedBrowser(t.http, staff)),
    );
    const username = uniqueUsername('race');
    const answers = await Promise.all(
      browsers.map((b) =>
        b.agent
          .post('/api/account')
          .send({ email: b.client.email, username, password: GOOD_PASSWORD }),
      ),
    );
    await expectOneCreated(
      answers,
      {
        error: 'username_taken',
        message: 'This username is taken. Please choose another.',
      },
      {
        db: t.app.get(DataSource),
        sql: 'SELECT id FROM client_accounts WHERE username = ?',
        value: username,
      },
    );
  });

  it('is refused to a browser that is not a trusted device', async () => {
    const trusted = await trustedBrowser(t.http, staff);
    await browserAgent(t.http)
      .post('/api/account')
      .send({ email: trusted.client.email, username: uniqueUsername(), password: GOOD_PASSWORD })
      .expect(401);
  });

  it('can be created from a PIN session too', async () => {
    const legacy = await pinDispatch(staff);
    const agent = browserAgent(t.http);
    await agent
      .post('/api/pin/sessions')
      .send({ reference: legacy.reference, pin: legacy.pin })
      .expect(200);
    await agent
      .post('/api/account')
      .send({ email: legacy.client.email, username: uniqueUsername(), password: GOOD_PASSWORD })
      .expect(201);
  });
});

describe('signing in with a login', () => {
  let t: TestApp;
  let staff: StaffApi;
  beforeAll(async () => {
    t = await createTestApp({ CLIENT_SESSION_HOURS: '3', SESSION_IDLE_MINUTES: '20' });
    staff = await StaffApi.signIn(t.http);
  });
  afterAll(() => t.close());

  it('on another browser, by username or order email, shows every task of the client, legacy PIN tasks included', async () => {
    const trusted = await trustedBrowser(t.http, staff);
    const credentials = await createLogin(trusted);
    // A second dispatch the trusted device never saw, and a legacy import with a PIN.
    const other = await staff.createTask(trusted.client.id, { title: 'Second task' });
    await staff.dispatch(trusted.client.id, [other.id]);
    const legacy = await staff
      .post(`/api/admin/clients/${trusted.client.id}/legacy-tasks`)
      .send({
        tasks: [
          {
            reference: 'L-OLD-1',
            title: 'Legacy filing',
            sentAt: '2024-02-01T10:00:00Z',
            pin: '482913',
            requests: [{ kind: 'question', prompt: 'Old question?' }],
          },
          {
            reference: 'L-OLD-2',
            title: 'Legacy done',
            sentAt: '2023-02-01T10:00:00Z',
            completedAt: '2023-03-01T10:00:00Z',
            pin: '111222',
            requests: [{ kind: 'confirmation', prompt: 'Confirmed.' }],
          },
        ],
      })
      .expect(201);
    expect(legacy.body.imported).toHaveLength(2);

    for (const username of [credentials.username, trusted.client.email.toUpperCase()]) {
      const browser = await signedInBrowser(t.http, { username, password: credentials.password });
      const list = (await browser.get('/api/me/tasks').expect(200)).body as TaskListResponse;
      expect(list.open.map((x) => x.title).sort()).toEqual(
        ['Legacy filing', 'Second task', 'Trademark filing: ACME'].sort(),
      );
      expect(list.completed.map((x) => x.reference)).toEqual(['L-OLD-2']);
      await browser.get(`/api/me/tasks/${trusted.task.id}`).expect(200);
    }
    // The trusted device still sees only what its link opened.
    const device = (await trusted.agent.get('/api/me/tasks').expect(200)).body as TaskListResponse;
    expect(device.open.length).toBeGreaterThanOrEqual(1);
  });

  it('gives a new token at every sign-in; logout revokes it on the server', async () => {
    const trusted = await trustedBrowser(t.http, staff);
    const credentials = await createLogin(trusted);
    const a = await request(t.http).post('/api/account/login').send(credentials).expect(200);
    const b = await request(t.http).post('/api/account/login').send(credentials).expect(200);
    const cookieA = sessionCookie(a).split(';')[0];
    const cookieB = sessionCookie(b).split(';')[0];
    expect(cookieA).not.toBe(cookieB);
    await request(t.http).get('/api/me/tasks').set('Cookie', cookieA).expect(200);
    await request(t.http)
      .post('/api/account/logout')
      .set('Cookie', cookieA)
      .set('X-Requested-With', 'XMLHttpRequest')
      .expect(204);
    await request(t.http).get('/api/me/tasks').set('Cookie', cookieA).expect(401);
    await request(t.http).get('/api/me/tasks').set('Cookie', cookieB).expect(200);
  });

  it('ends a session after the idle timeout and after the absolute timeout (both configured)', async () => {
    const trusted = await trustedBrowser(t.http, staff);
    const credentials = await createLogin(trusted);
    const clock = t.app.get(Clock);
    const idle = await signedInBrowser(t.http, credentials);
    clock.advance(19 * 60_000);
    await idle.get('/api/me/tasks').expect(200);
    clock.advance(21 * 60_000);
    await idle.get('/api/me/tasks').expect(401);

    const busy = await signedInBrowser(t.http, credentials);
    for (let i = 0; i < 9; i++) {
      clock.advance(19 * 60_000);
      await busy.get('/api/me/tasks').expect(200);
    }
    clock.advance(19 * 60_000); // 3 h 10 min after sign-in
    await busy.get('/api/me/tasks').expect(401);
    staff = await StaffApi.signIn(t.http); // its session idled out meanwhile
  });

  it('answers bad sign-in input with 422 and changes nothing', async () => {
    for (const body of [
      {},
      { username: '', password: 'x' },
      { username: 'a', password: 'x'.repeat(129) },
    ]) {
      const res = await browserAgent(t.http).post('/api/account/login').send(body).expect(422);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('audits sign-in success and failure, and the password being set', async () => {
    const trusted = await trustedBrowser(t.http, staff);
    const credentials = await createLogin(trusted);
    await browserAgent(t.http)
      .post('/api/account/login')
      .send({ ...credentials, password: 'wrong password!!' })
      .expect(401);
    await signedInBrowser(t.http, credentials);
    const rows: { type: string }[] = await t.app
      .get(DataSource)
      .query('SELECT type FROM audit_events WHERE client_id = ?', [trusted.client.id]);
    const types = rows.map((r) => r.type);
    expect(types).toEqual(
      expect.arrayContaining(['account.password_set', 'account.login_failed', 'account.login_ok']),
    );
  });
});

describe('session cookies and cross-site requests', () => {
  let t: TestApp;
  let staff: StaffApi;
  beforeAll(async () => {
    t = await createTestApp();
    staff = await StaffApi.signIn(t.http);
  });
  afterAll(() => t.close());

  it('refuses a cross-site POST carrying the login session cookie', async () => {
    const trusted = await trustedBrowser(t.http, staff);
    const credentials = await createLogin(trusted);
    const res = await request(t.http).post('/api/account/login').send(credentials).expect(200);
    const cookie = sessionCookie(res).split(';')[0];
    const noHeader = await request(t.http)
      .post('/api/account/logout')
      .set('Cookie', cookie)
      .expect(403);
    expect(noHeader.body.error).toBe('csrf_rejected');
    await request(t.http)
      .post('/api/account/logout')
      .set('Cookie', cookie)
      .set('X-Requested-With', 'XMLHttpRequest')
      .set('Origin', 'https://evil.example')
      .expect(403);
    await request(t.http)
      .delete(`/api/account/sessions/00000000-0000-4000-8000-000000000000`)
      .set('Cookie', cookie)
      .set('Sec-Fetch-Site', 'cross-site')
      .set('X-Requested-With', 'XMLHttpRequest')
      .expect(403);
    // Still signed in: nothing was changed by the forged requests.
    await request(t.http).get('/api/me/tasks').set('Cookie', cookie).expect(200);
    await request(t.http)
      .post('/api/account/logout')
      .set('Cookie', cookie)
      .set('X-Requested-With', 'XMLHttpRequest')
      .set('Origin', TEST_PUBLIC_URL)
      .expect(204);
  });

  it('refuses a cross-site POST carrying a PIN session cookie', async () => {
    const legacy = await pinDispatch(staff);
    const res = await browserAgent(t.http)
      .post('/api/pin/sessions')
      .send({ reference: legacy.reference, pin: legacy.pin })
      .expect(200);
    const cookie = sessionCookie(res).split(';')[0];
    await request(t.http).post('/api/account/logout').set('Cookie', cookie).expect(403);
    await request(t.http).get('/api/me/tasks').set('Cookie', cookie).expect(200);
  });

  it('names the cookie __Host-cp_session and marks it Secure over https', async () => {
    const https = await createTestApp({ PUBLIC_URL: 'https://portal.test' });
    try {
      const s = await StaffApi.signIn(https.http);
      const legacy = await pinDispatch(s);
      const res = await request(https.http)
        .post('/api/pin/sessions')
        .send({ reference: legacy.reference, pin: legacy.pin })
        .expect(200);
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/^__Host-cp_session=/);
      expect(cookie).toMatch(/Secure/);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).not.toMatch(/Domain=/i);
    } finally {
      await https.close();
    }
  });

  it('never mails a credential except link and PIN mails', async () => {
    const trusted = await trustedBrowser(t.http, staff);
    await createLogin(trusted);
    await waitForMail({ to: trusted.client.email, subjectIncludes: 'login' });
    const notices = (await mailsTo(trusted.client.email)).filter((m) =>
      m.subject.includes('login'),
    );
    for (const mail of notices) expect(mail.text).not.toMatch(/\/l\/[A-Za-z0-9_-]{43}|PIN/);
  });
});
