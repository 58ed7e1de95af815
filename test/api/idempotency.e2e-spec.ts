// Issue 12 item 4: admin POSTs accept an Idempotency-Key, so a retried request never sends
// twice. Checked against the real SMTP catcher and the outbox: one mail per key.
import request from 'supertest';
import type { ClientView, ComposeTaskResponse, StaffLoginResponse } from '@app/contracts';
import { DataSource } from 'typeorm';
import { Clock } from '../../apps/api/src/common/clock';
import { PurgeJob } from '../../apps/api/src/links/purge.job';
import { StaffApi, uniqueEmail } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';
import { mailsTo, waitForMail } from '../support/mail';

const REQUESTS = [{ kind: 'question', prompt: 'Which goods will you sell?' }];

describe('Idempotency-Key on admin POSTs', () => {
  let t: TestApp;
  let admin: StaffApi;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await StaffApi.signIn(t.http);
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const count = async (sql: string, params: unknown[]) =>
    Number((await db.query(sql, params))[0].n);
  const outboxTo = (email: string) =>
    count('SELECT COUNT(*) AS n FROM mail_outbox WHERE to_address = ?', [email]);
  const tasksOf = (clientId: string) =>
    count('SELECT COUNT(*) AS n FROM tasks WHERE client_id = ?', [clientId]);
  /** The outbox delivered everything to this address (so the catcher count is final). */
  const delivered = async (email: string) => {
    await waitForMail({ to: email });
    for (;;) {
      const pending = await count(
        "SELECT COUNT(*) AS n FROM mail_outbox WHERE to_address = ? AND status <> 'sent'",
        [email],
      );
      if (pending === 0) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  it('a retried compose-and-send returns the first answer and sends one mail', async () => {
    const client = await admin.createClient(uniqueEmail('retry'));
    const body = { title: 'Goods and services', requests: REQUESTS };
    const path = `/api/admin/clients/${client.id}/compose`;
    const first = await admin.post(path).set('Idempotency-Key', 'compose-1').send(body).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // The same request again, its keys in another order: the same request.
    const again = await admin
      .post(path)
      .set('Idempotency-Key', 'compose-1')
      .send({ requests: REQUESTS, title: 'Goods and services' })
      .expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await tasksOf(client.id)).toBe(1);
    expect(await outboxTo(client.email)).toBe(1);
    await delivered(client.email);
    expect(await mailsTo(client.email)).toHaveLength(1);
  });

  it('the same key with another body answers 422 and runs nothing', async () => {
    const client = await admin.createClient(uniqueEmail('reuse'));
    const path = `/api/admin/clients/${client.id}/compose`;
    await admin
      .post(path)
      .set('Idempotency-Key', 'reuse-1')
      .send({ title: 'First', requests: REQUESTS })
      .expect(201);
    const other = await admin
      .post(path)
      .set('Idempotency-Key', 'reuse-1')
      .send({ title: 'Second', requests: REQUESTS })
      .expect(422);
    expect(other.body).toMatchObject({
      error: 'idempotency_key_reused',
      message: expect.any(String),
    });
    expect(await tasksOf(client.id)).toBe(1);
  });

  it('parallel duplicates: one runs; the others get its answer or 409, and one mail goes out', async () => {
    const client = await admin.createClient(uniqueEmail('parallel'));
    const path = `/api/admin/clients/${client.id}/compose`;
    const body = { title: 'Specimen of use', requests: REQUESTS };
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        admin.post(path).set('Idempotency-Key', 'parallel-1').send(body),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    const taskIds = new Set(created.map((a) => (a.body as ComposeTaskResponse).task.id));
    expect(taskIds.size).toBe(1);
    for (const a of answers.filter((x) => x.status === 409)) {
      expect(a.body).toMatchObject({ error: 'idempotency_key_in_progress' });
    }
    expect(await tasksOf(client.id)).toBe(1);
    expect(await outboxTo(client.email)).toBe(1);
    await delivered(client.email);
    expect(await mailsTo(client.email)).toHaveLength(1);
  });

  it('covers client create, task create and dispatch; keys are per staff member', async () => {
    const email = uniqueEmail('keyed');
    const one = await admin
      .post('/api/admin/clients')
      .set('Idempotency-Key', 'client-1')
      .send({ email, name: 'Kay Keyed' })
      .expect(201);
    const two = await admin
      .post('/api/admin/clients')
      .set('Idempotency-Key', 'client-1')
      .send({ email, name: 'Kay Keyed' })
      .expect(201);
    expect(two.body).toEqual(one.body);
    const client = one.body as ClientView;

    const taskBody = { title: 'Power of attorney', requests: REQUESTS };
    const taskPath = `/api/admin/clients/${client.id}/tasks`;
    const t1 = await admin
      .post(taskPath)
      .set('Idempotency-Key', 'task-1')
      .send(taskBody)
      .expect(201);
    const t2 = await admin
      .post(taskPath)
      .set('Idempotency-Key', 'task-1')
      .send(taskBody)
      .expect(201);
    expect(t2.body.id).toBe(t1.body.id);
    expect(await tasksOf(client.id)).toBe(1);

    const dispatchPath = `/api/admin/clients/${client.id}/dispatches`;
    const dBody = { taskIds: [t1.body.id as string] };
    const d1 = await admin.post(dispatchPath).set('Idempotency-Key', 'd-1').send(dBody).expect(201);
    const d2 = await admin.post(dispatchPath).set('Idempotency-Key', 'd-1').send(dBody).expect(201);
    expect(d2.body).toEqual(d1.body);
    expect(await outboxTo(client.email)).toBe(1);

    // Another staff member's same key is another key: it runs (and meets the taken email).
    const username = `h5-keys-${Math.random().toString(36).slice(2, 8)}`;
    const password = 'Correct-Horse-Battery-42';
    await admin.post('/api/admin/staff').send({ username, password, role: 'staff' }).expect(201);
    const login = await request(t.http).post('/api/staff/login').send({ username, password });
    const other = new StaffApi(t.http, (login.body as StaffLoginResponse).token);
    const theirs = await other
      .post('/api/admin/clients')
      .set('Idempotency-Key', 'client-1')
      .send({ email, name: 'Kay Keyed' })
      .expect(409);
    expect(theirs.body).toMatchObject({ error: 'email_taken' });
  });

  it('a refused request frees its key; a malformed key is refused; keys expire and are purged', async () => {
    const client = await admin.createClient(uniqueEmail('freed'));
    const path = `/api/admin/clients/${client.id}/compose`;
    await admin
      .post(path)
      .set('Idempotency-Key', 'freed-1')
      .send({ requests: REQUESTS })
      .expect(422);
    await admin
      .post(path)
      .set('Idempotency-Key', 'freed-1')
      .send({ title: 'Now complete', requests: REQUESTS })
      .expect(201);
    const bad = await admin
      .post(path)
      .set('Idempotency-Key', 'has space')
      .send({ title: 'x', requests: REQUESTS })
      .expect(400);
    expect(bad.body).toMatchObject({
      error: 'idempotency_key_invalid',
      message: expect.any(String),
    });

    const keyCount = () => count('SELECT COUNT(*) AS n FROM idempotency_keys', []);
    const before = await keyCount();
    expect(before).toBeGreaterThan(0);
    t.app.get(Clock).advance(25 * 60 * 60 * 1000);
    await t.app.get(PurgeJob).purge();
    expect(await keyCount()).toBe(0);
    // Past its day, the key runs again (a new sign-in: the old session ended too).
    const later = await StaffApi.signIn(t.http);
    await later
      .post(path)
      .set('Idempotency-Key', 'freed-1')
      .send({ title: 'Now complete', requests: REQUESTS })
      .expect(201);
    expect(await tasksOf(client.id)).toBe(2);
  });
  it('a kept answer is sealed at rest: a new integration token is never stored in the clear, yet a retry gets it', async () => {
    // A fresh sign-in: the test before moved the clock past the first one's expiry.
    const admin = await StaffApi.signIn(t.http);
    const path = '/api/admin/integration-tokens';
    const [first, retry] = await Promise.all([
      admin.post(path).set('Idempotency-Key', 'token-1').send({ name: 'Docketing' }),
      admin.post(path).set('Idempotency-Key', 'token-1').send({ name: 'Docketing' }),
    ]);
    const statuses = [first.status, retry.status].sort();
    // Parallel twins: one runs, the other waits for its answer (or is told it still runs).
    expect([
      [201, 201],
      [201, 409],
    ]).toContainEqual(statuses);
    const created = first.status === 201 ? first : retry;
    const token = created.body.token as string;
    expect(token).toMatch(/^cpi_/);
    const again = await admin
      .post(path)
      .set('Idempotency-Key', 'token-1')
      .send({ name: 'Docketing' })
      .expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(created.body);
    expect(
      await count("SELECT COUNT(*) AS n FROM integration_tokens WHERE name = 'Docketing'", []),
    ).toBe(1);
    const rows: { response: string | null }[] = await db.query(
      'SELECT response FROM idempotency_keys WHERE response IS NOT NULL',
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.response).not.toContain(token);
      expect(row.response).not.toContain(token.slice(4));
      expect(row.response).toMatch(/^v2\./);
    }
    // The token it gave works; the kept copy changed nothing about that.
    await new StaffApi(t.http, token).get('/api/admin/inbox').expect(200);
  });
});
