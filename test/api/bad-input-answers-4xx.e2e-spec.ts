// Bad input answers 4xx, never 500 (issue 9): JSON nested past 32 levels is refused before
// validation, a lone surrogate in an e-mail is a 422 naming the field (the validator used to
// throw URIError), and text fields refuse NUL and, in names and titles, bidi overrides.
import request from 'supertest';
import { createTestApp, TEST_ADMIN, type TestApp } from '../support/app';
import { StaffApi, uniqueEmail } from '../factories/staff-api';

function nested(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** `{"username": <depth-1 levels>…}`: the body itself is level 1. */
function deepBody(depth: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...extra, deep: nested(depth - 1, 1) });
}

describe('bad input answers 4xx, never 500', () => {
  let t: TestApp;
  let staff: StaffApi;

  beforeAll(async () => {
    t = await createTestApp();
    staff = await StaffApi.signIn(t.http);
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('JSON nesting is capped at 32 levels before validation', () => {
    const anonymousRoutes = [
      '/api/staff/login',
      '/api/links/status',
      '/api/links/redeem',
      '/api/links/access-link',
      '/api/pin/sessions',
      '/api/account/login',
    ];

    it.each(anonymousRoutes)('a 5,000-deep body to %s answers 400 json_too_deep', async (path) => {
      const body = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
      expect(body.length).toBeLessThan(100 * 1024);
      const res = await request(t.http)
        .post(path)
        .set('Content-Type', 'application/json')
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        error: 'json_too_deep',
        message: 'The request body nests more than 32 levels deep.',
      });
    });

    it('33 levels are refused and 32 pass on to validation', async () => {
      const tooDeep = await request(t.http)
        .post('/api/staff/login')
        .set('Content-Type', 'application/json')
        .send(deepBody(33, TEST_ADMIN));
      expect(tooDeep.status).toBe(400);
      expect((tooDeep.body as { error: string }).error).toBe('json_too_deep');

      // 32 levels get past the cap: validation then refuses the unknown field by name.
      const deepest = await request(t.http)
        .post('/api/staff/login')
        .set('Content-Type', 'application/json')
        .send(deepBody(32, TEST_ADMIN));
      expect(deepest.status).toBe(422);
      expect(deepest.body).toMatchObject({ error: 'validation_failed' });
      expect(Object.keys((deepest.body as { fields: object }).fields)).toEqual(['deep']);
    });

    it('an ordinary body still signs in', async () => {
      const res = await request(t.http).post('/api/staff/login').send(TEST_ADMIN);
      expect(res.status).toBe(200);
      expect(typeof (res.body as { token: unknown }).token).toBe('string');
    });
  });

  describe('a lone surrogate is a 422 naming the field', () => {
    it('in the sign-in name (username or e-mail) of the anonymous client sign-in', async () => {
      const res = await request(t.http)
        .post('/api/account/login')
        .send({ username: 'jane\ud800@example.com', password: 'whatever it is 123' });
      expect(res.status).toBe(422);
      expect(Object.keys((res.body as { fields: object }).fields)).toEqual(['username']);

      const wellFormed = await request(t.http)
        .post('/api/account/login')
        .send({ username: 'jane@example.com', password: 'whatever it is 123' });
      expect(wellFormed.status).toBe(401);
    });

    it('in the staff sign-in name', async () => {
      const res = await request(t.http)
        .post('/api/staff/login')
        .send({ username: '\ud800', password: TEST_ADMIN.password });
      expect(res.status).toBe(422);
      expect(Object.keys((res.body as { fields: object }).fields)).toEqual(['username']);
    });

    it("in a client's order email: 422 on email; a well-formed address is created", async () => {
      const bad = await staff
        .post('/api/admin/clients')
        .send({ email: '\ud800', name: 'Jane Client' });
      expect(bad.status).toBe(422);
      expect((bad.body as { fields: Record<string, string[]> }).fields).toEqual({
        email: ['email must be a valid e-mail address'],
      });

      const good = await staff
        .post('/api/admin/clients')
        .send({ email: uniqueEmail('zoë'), name: 'Zoë Ångström 👍' });
      expect(good.status).toBe(201);
    });
  });

  describe('paging offsets past what a database accepts are a 422, not a 500', () => {
    it.each(['1e300', '99999999999999999999', '18446744073709551616'])(
      'offset=%s is refused naming offset; offset=100 answers',
      async (offset) => {
        for (const path of ['/api/admin/clients', '/api/admin/audit']) {
          const bad = await staff.get(`${path}?offset=${offset}`);
          expect(bad.status).toBe(422);
          expect(Object.keys((bad.body as { fields: object }).fields)).toEqual(['offset']);
          await staff.get(`${path}?offset=100`).expect(200);
        }
      },
    );
  });

  describe('text fields refuse NUL and, in names and titles, bidi overrides', () => {
    it('a client name with an RLO is refused; with a right-to-left mark it is fine', async () => {
      const bad = await staff
        .post('/api/admin/clients')
        .send({ email: uniqueEmail(), name: 'Invoice\u202egnp.exe' });
      expect(bad.status).toBe(422);
      expect((bad.body as { fields: Record<string, string[]> }).fields).toEqual({
        name: ['name must not contain text-direction override characters'],
      });
      const good = await staff
        .post('/api/admin/clients')
        .send({ email: uniqueEmail(), name: 'שלום\u200f Ltd' });
      expect(good.status).toBe(201);
    });

    it('a task title with NUL and a prompt with a lone surrogate are refused by name', async () => {
      const client = await staff.createClient();
      const bad = await staff.post(`/api/admin/clients/${client.id}/tasks`).send({
        title: 'Filing\u0000',
        description: 'Line one\r\nline two\tend',
        requests: [{ kind: 'question', prompt: 'Which goods?\ud800' }],
      });
      expect(bad.status).toBe(422);
      expect(Object.keys((bad.body as { fields: object }).fields).sort()).toEqual([
        'requests.0.prompt',
        'title',
      ]);

      const good = await staff.post(`/api/admin/clients/${client.id}/tasks`).send({
        title: 'Filing',
        description: 'Line one\r\nline two\tend',
        requests: [{ kind: 'question', prompt: 'Which goods?\n(one per line)' }],
      });
      expect(good.status).toBe(201);
    });
  });
});
