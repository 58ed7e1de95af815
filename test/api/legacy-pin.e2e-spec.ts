// SPEC rules 11-12: tasks for a client not yet portal-enabled go out with a PIN; the reference
// and PIN give a session scoped to that dispatch; 5 wrong PINs lock the task for 15 minutes.
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { ApiError, TaskListResponse } from '@app/contracts';
import { pinDispatch, sessionCookie } from '../factories/account-api';
import { browserAgent, StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';
import { Clock } from '../../apps/api/src/common/clock';

function pinSignIn(t: TestApp, body: object, ip = '203.0.113.50'): request.Test {
  return browserAgent(t.http).post('/api/pin/sessions').set('X-Forwarded-For', ip).send(body);
}

describe('legacy PIN access', () => {
  let t: TestApp;
  let staff: StaffApi;
  beforeAll(async () => {
    t = await createTestApp();
    staff = await StaffApi.signIn(t.http);
  });
  afterAll(() => t.close());

  it('a dispatch to a client not yet portal-enabled goes out with a PIN of at least 6 digits, stored as an argon2id hash', async () => {
    const legacy = await pinDispatch(staff);
    expect(legacy.pin).toMatch(/^\d{6,}$/);
    const rows: { pin_hash: string }[] = await t.app
      .get(DataSource)
      .query('SELECT pin_hash FROM pin_codes WHERE task_id = ?', [legacy.task.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].pin_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0].pin_hash).not.toContain(legacy.pin);
    const links: unknown[] = await t.app
      .get(DataSource)
      .query('SELECT id FROM links WHERE client_id = ?', [legacy.client.id]);
    expect(links).toEqual([]);
  });

  it('the reference and PIN open that dispatch only, case- and space-insensitively', async () => {
    const legacy = await pinDispatch(staff);
    const other = await pinDispatch(staff);
    const agent = browserAgent(t.http);
    const res = await agent
      .post('/api/pin/sessions')
      .send({ reference: ` ${legacy.reference.toLowerCase()} `, pin: legacy.pin })
      .expect(200);
    expect(sessionCookie(res)).toMatch(/HttpOnly/);
    const list = (await agent.get('/api/me/tasks').expect(200)).body as TaskListResponse;
    expect(list.open.map((x) => x.id)).toEqual([legacy.task.id]);
    await agent.get(`/api/me/tasks/${legacy.task.id}`).expect(200);
    await agent.get(`/api/me/tasks/${other.task.id}`).expect(404);
    const me = await agent.get('/api/account/me').expect(200);
    expect(me.body).toMatchObject({ via: 'pin', canCreateLogin: true });
  });

  it('5 wrong PINs lock the task for 15 minutes, during which even the right PIN is refused', async () => {
    const legacy = await pinDispatch(staff);
    const wrong = legacy.pin === '00000000' ? '11111111' : '00000000';
    for (let i = 1; i <= 4; i++) {
      const res = await pinSignIn(t, { reference: legacy.reference, pin: wrong }).expect(401);
      expect(res.body).toMatchObject({
        error: 'pin_failed',
        message: 'The reference or PIN is not right. Check both in your e-mail.',
      });
    }
    const fifth = await pinSignIn(t, { reference: legacy.reference, pin: wrong }).expect(429);
    expect(fifth.body).toMatchObject({ error: 'pin_locked' });
    const locked = await pinSignIn(
      t,
      { reference: legacy.reference, pin: legacy.pin },
      '203.0.113.51',
    ).expect(429);
    expect((locked.body as ApiError).message).toMatch(/locked.*wait 15 minutes/);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);

    const clock = t.app.get(Clock);
    clock.advance(14 * 60_000);
    await pinSignIn(t, { reference: legacy.reference, pin: legacy.pin }, '203.0.113.51').expect(
      429,
    );
    clock.advance(60_000 + 1000);
    await pinSignIn(t, { reference: legacy.reference, pin: legacy.pin }, '203.0.113.51').expect(
      200,
    );
    staff = await StaffApi.signIn(t.http); // its session idled out meanwhile

    const types: { type: string }[] = await t.app
      .get(DataSource)
      .query('SELECT type FROM audit_events WHERE subject_id = ? ORDER BY created_at', [
        legacy.task.id,
      ]);
    expect(types.map((r) => r.type)).toEqual(
      expect.arrayContaining(['pin.failed', 'pin.locked', 'pin.ok']),
    );
  });

  it('a correct PIN resets the count of wrong ones', async () => {
    const legacy = await pinDispatch(staff);
    const wrong = legacy.pin === '00000000' ? '11111111' : '00000000';
    for (let i = 0; i < 4; i++)
      await pinSignIn(t, { reference: legacy.reference, pin: wrong }, '203.0.113.60').expect(401);
    await pinSignIn(t, { reference: legacy.reference, pin: legacy.pin }, '203.0.113.60').expect(
      200,
    );
    // Had the count not been reset, the first of these would be the 5th wrong PIN and lock.
    for (let i = 0; i < 4; i++)
      await pinSignIn(t, { reference: legacy.reference, pin: wrong }, '203.0.113.60').expect(401);
    await pinSignIn(t, { reference: legacy.reference, pin: wrong }, '203.0.113.60').expect(429);
  });

  it('limits wrong PINs per address, across tasks and unknown references', async () => {
    const legacy = await pinDispatch(staff);
    const ip = '203.0.113.70';
    for (let i = 0; i < 20; i++) {
      await pinSignIn(
        t,
        { reference: `T-NOPE${String(i).padStart(2, '0')}`, pin: '12345678' },
        ip,
      ).expect(401);
    }
    const refused = await pinSignIn(t, { reference: legacy.reference, pin: legacy.pin }, ip).expect(
      429,
    );
    expect(refused.body.error).toBe('too_many_attempts');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await pinSignIn(t, { reference: legacy.reference, pin: legacy.pin }, '203.0.113.71').expect(
      200,
    );
  });

  it('an unknown reference gets the same answer as a wrong PIN (both sides compared)', async () => {
    const legacy = await pinDispatch(staff);
    const wrong = legacy.pin === '00000000' ? '11111111' : '00000000';
    const comparable = (res: request.Response) => {
      const body = { ...(res.body as ApiError) } as Partial<ApiError>;
      delete body.correlationId;
      const headers = { ...res.headers };
      for (const volatile of ['date', 'x-request-id', 'etag']) delete headers[volatile];
      return { status: res.status, body, headers };
    };
    const real = await pinSignIn(t, { reference: legacy.reference, pin: wrong }, '203.0.113.80');
    const unknown = await pinSignIn(t, { reference: 'T-ZZZZZZ', pin: wrong }, '203.0.113.80');
    expect(real.status).toBe(401);
    expect(real.body).toMatchObject({
      error: 'pin_failed',
      message: 'The reference or PIN is not right. Check both in your e-mail.',
    });
    expect(comparable(unknown)).toEqual(comparable(real));
  });

  it('answers malformed input with 422 and a clear message', async () => {
    for (const body of [
      {},
      { reference: 'T-1', pin: '12' },
      { reference: '<script>', pin: '12345678' },
      { reference: 'T-ABCDEF', pin: 'abcdefgh' },
    ]) {
      const res = await pinSignIn(t, body, '203.0.113.90').expect(422);
      expect(res.body.message).toMatch(/Please check/);
    }
  });

  it('imports legacy tasks with their existing PINs (admin only), refusing a taken reference without storing anything', async () => {
    const client = await staff.createClient();
    const body = {
      tasks: [
        {
          reference: 'L-IMP-1',
          title: 'Old filing',
          sentAt: '2024-05-01T09:00:00Z',
          pin: '246810',
          requests: [{ kind: 'question', prompt: 'Which class?' }],
        },
      ],
    };
    const res = await staff
      .post(`/api/admin/clients/${client.id}/legacy-tasks`)
      .send(body)
      .expect(201);
    expect(res.body.imported[0]).toMatchObject({ reference: 'L-IMP-1' });
    await staff.post(`/api/admin/clients/${client.id}/legacy-tasks`).send(body).expect(409);
    await staff
      .post(`/api/admin/clients/${client.id}/legacy-tasks`)
      .send({ tasks: [{ ...body.tasks[0], reference: 'L-IMP-2', pin: 'x' }] })
      .expect(422);
    await staff
      .post(`/api/admin/clients/${client.id}/legacy-tasks`)
      .send({ tasks: [body.tasks[0], body.tasks[0]].map((x) => ({ ...x, reference: 'L-DUP-1' })) })
      .expect(422);
    const tasks = await staff.get(`/api/admin/clients/${client.id}/tasks`).expect(200);
    expect((tasks.body as { reference: string }[]).map((x) => x.reference)).toEqual(['L-IMP-1']);

    const agent = browserAgent(t.http);
    await agent.post('/api/pin/sessions').send({ reference: 'l-imp-1', pin: '246810' }).expect(200);
    const list = (await agent.get('/api/me/tasks').expect(200)).body as TaskListResponse;
    expect(list.open.map((x) => x.reference)).toEqual(['L-IMP-1']);
  });
});
