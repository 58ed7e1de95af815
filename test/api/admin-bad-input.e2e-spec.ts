// Bad input on the admin endpoints: a 4xx with a message per field, never a 500, nothing stored.
import request from 'supertest';
import { DataSource } from 'typeorm';
import { StaffApi, uniqueEmail } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';

describe('bad input on the admin endpoints', () => {
  let t: TestApp;
  let staff: StaffApi;
  let db: DataSource;
  const count = async (table: string): Promise<number> =>
    Number((await db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    staff = await StaffApi.signIn(t.http);
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it.each([
    ['a missing email', { name: 'Jane' }, 'email'],
    ['a missing name', { email: 'jane@example.com' }, 'name'],
    ['an invalid email', { email: 'not-an-email', name: 'Jane' }, 'email'],
    ['a wrong type', { email: 42, name: 'Jane' }, 'email'],
    ['an unknown field', { email: 'jane2@example.com', name: 'Jane', isAdmin: true }, 'isAdmin'],
    ['an empty name', { email: 'jane3@example.com', name: '   ' }, 'name'],
    [
      'a bad date',
      { email: 'jane4@example.com', name: 'Jane', portalEnabledFrom: 'soon' },
      'portalEnabledFrom',
    ],
  ])(
    'creating a client with %s gets 422 naming the field and stores nothing',
    async (_, body, field) => {
      const before = await count('clients');
      const res = await staff.post('/api/admin/clients').send(body).expect(422);
      expect(res.body.error).toBe('validation_failed');
      expect(res.body.fields[field]).toEqual(expect.arrayContaining([expect.any(String)]));
      expect(res.body.message).toContain(field);
      expect(res.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await count('clients')).toBe(before);
    },
  );

  it('a duplicate order email (any case, any spaces) gets 409 and keeps the first client', async () => {
    const email = uniqueEmail();
    await staff.createClient(email, 'First');
    const res = await staff
      .post('/api/admin/clients')
      .send({ email: `  ${email.toUpperCase()} `, name: 'Second' })
      .expect(409);
    expect(res.body.message).toMatch(/already exists/);
    const rows = await db.query('SELECT name FROM clients WHERE email = ?', [email]);
    expect(rows).toEqual([{ name: 'First' }]);
  });

  it('an oversized body gets 413 with a clear message and stores nothing', async () => {
    const before = await count('clients');
    const res = await staff
      .post('/api/admin/clients')
      .send({ email: uniqueEmail(), name: 'x'.repeat(200_000) })
      .expect(413);
    expect(res.body.message).toMatch(/too large/);
    expect(await count('clients')).toBe(before);
  });

  it('malformed JSON gets 400, not 500', async () => {
    const res = await staff
      .post('/api/admin/clients')
      .set('Content-Type', 'application/json')
      .send('{"email":')
      .expect(400);
    expect(res.body.message).toMatch(/not valid JSON/);
  });

  it('tasks: missing requests, a bad kind, an empty prompt or a bad due date get 422 per field; nothing stored', async () => {
    const client = await staff.createClient();
    const before = [await count('tasks'), await count('task_requests')];
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 'T' }, 'requests'],
      [{ title: 'T', requests: [] }, 'requests'],
      [{ title: 'T', requests: [{ kind: 'essay', prompt: 'Why?' }] }, 'requests.0.kind'],
      [{ title: 'T', requests: [{ kind: 'question', prompt: '' }] }, 'requests.0.prompt'],
      [{ title: 'T', requests: [{ kind: 'question', prompt: 'Q', extra: 1 }] }, 'requests.0.extra'],
      [
        { title: 'T', dueDate: '31/12/2026', requests: [{ kind: 'question', prompt: 'Q' }] },
        'dueDate',
      ],
      [{ requests: [{ kind: 'question', prompt: 'Q' }] }, 'title'],
    ];
    for (const [body, field] of cases) {
      const res = await staff.post(`/api/admin/clients/${client.id}/tasks`).send(body).expect(422);
      expect(Object.keys(res.body.fields)).toContain(field);
    }
    expect([await count('tasks'), await count('task_requests')]).toEqual(before);
  });

  it('dispatch: empty, malformed, repeated or foreign task ids are refused; nothing is sent', async () => {
    const client = await staff.createClient();
    const other = await staff.createClient();
    const foreign = await staff.createTask(other.id);
    const before = [await count('dispatches'), await count('links'), await count('mail_outbox')];
    const path = `/api/admin/clients/${client.id}/dispatches`;
    await staff.post(path).send({ taskIds: [] }).expect(422);
    await staff
      .post(path)
      .send({ taskIds: ['nope'] })
      .expect(422);
    await staff.post(path).send({ taskIds: 'x' }).expect(422);
    await staff
      .post(path)
      .send({ taskIds: [foreign.id, foreign.id] })
      .expect(422);
    const res = await staff
      .post(path)
      .send({ taskIds: [foreign.id] })
      .expect(422);
    expect(res.body.fields.taskIds[0]).toMatch(/belong to this client/);
    expect([await count('dispatches'), await count('links'), await count('mail_outbox')]).toEqual(
      before,
    );
  });

  it('unknown and malformed client ids get 404 and 400', async () => {
    await staff.get('/api/admin/clients/00000000-0000-4000-8000-000000000000').expect(404);
    const res = await staff.get('/api/admin/clients/not-a-uuid').expect(400);
    expect(res.body.message).toMatch(/uuid/i);
  });

  it('staff sign-in: a wrong password and an unknown user get the same 401; a malformed body 422', async () => {
    const wrong = await request(t.http)
      .post('/api/staff/login')
      .send({ username: 'admin', password: 'wrong-password-123' })
      .expect(401);
    const unknown = await request(t.http)
      .post('/api/staff/login')
      .send({ username: 'nobody', password: 'wrong-password-123' })
      .expect(401);
    expect(wrong.body.message).toBe(unknown.body.message);
    await request(t.http).post('/api/staff/login').send({ username: 'admin' }).expect(422);
  });
});
