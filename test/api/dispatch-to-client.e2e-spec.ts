// SPEC rules 1-4 along the path of issue 2: staff dispatch → real e-mail → link page → redeem.
import { createHash } from 'node:crypto';
import request from 'supertest';
import type {
  LinkStatusResponse,
  RedeemResponse,
  TaskDetail,
  TaskListResponse,
} from '@app/contracts';
import { DataSource } from 'typeorm';
import { browserAgent, StaffApi, uniqueEmail } from '../factories/staff-api';
import { createTestApp, TEST_PUBLIC_URL, TestApp } from '../support/app';
import { extractLink, waitForMail } from '../support/mail';

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

describe('a dispatch carried from staff to client', () => {
  let t: TestApp;
  let staff: StaffApi;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    staff = await StaffApi.signIn(t.http);
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('e-mails a unique link whose token is stored only as a SHA-256', async () => {
    const client = await staff.createClient(uniqueEmail('jane'), 'Jane Doe');
    const task = await staff.createTask(client.id, { title: 'Filing for NORTHWIND' });
    const dispatch = await staff.dispatch(client.id, [task.id]);
    expect(dispatch).toMatchObject({ clientId: client.id, mode: 'link', taskIds: [task.id] });

    const mail = await waitForMail({ to: client.email });
    expect(mail.subject).toContain('task');
    expect(mail.text).toContain('Filing for NORTHWIND');
    expect(mail.text).toContain(task.reference);
    const { token, url } = extractLink(mail, TEST_PUBLIC_URL);
    expect(url).toBe(`${TEST_PUBLIC_URL}/l/${token}`);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(mail.html).toContain(url);

    const links = await db.query('SELECT token_hash FROM links WHERE dispatch_id = ?', [
      dispatch.id,
    ]);
    expect(links).toEqual([{ token_hash: sha256(token) }]);
    const everyText = JSON.stringify([
      await db.query('SELECT * FROM links'),
      await db.query('SELECT * FROM mail_outbox'),
      await db.query('SELECT * FROM audit_events'),
    ]);
    expect(everyText).not.toContain(token);
    const [outbox] = await db.query(
      'SELECT status, sealed_payload FROM mail_outbox WHERE to_address = ?',
      [client.email],
    );
    expect(outbox).toEqual({ status: 'sent', sealed_payload: null });
  });

  it('opening the link changes nothing; pressing the button makes this browser the trusted device', async () => {
    const { client, task, token } = await staff.dispatchedLink();
    const scanner = browserAgent(t.http);
    for (let i = 0; i < 10; i++) {
      const res = await scanner.post('/api/links/status').send({ token }).expect(200);
      expect(res.body).toMatchObject<Partial<LinkStatusResponse>>({ state: 'ready', taskCount: 1 });
      expect((res.body as LinkStatusResponse).maskedEmail).toBe(
        `${client.email[0]}•••@example.com`,
      );
    }
    const [link] = await db.query('SELECT used_at FROM links WHERE token_hash = ?', [
      sha256(token),
    ]);
    expect(link.used_at).toBeNull();

    const phone = browserAgent(t.http);
    const redeemed = await phone.post('/api/links/redeem').send({ token }).expect(200);
    expect((redeemed.body as RedeemResponse).tasks.map((x) => x.id)).toEqual([task.id]);
    const cookie = String(redeemed.headers['set-cookie']);
    expect(cookie).toMatch(/^cp_device=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');

    const list = (await phone.get('/api/me/tasks').expect(200)).body as TaskListResponse;
    expect(list.open.map((x) => x.id)).toEqual([task.id]);
    expect(list).toMatchObject({ openTotal: 1, completedTotal: 0 });
    const detail = (await phone.get(`/api/me/tasks/${task.id}`).expect(200)).body as TaskDetail;
    expect(detail.requests.map((r) => r.kind)).toEqual(['question', 'confirmation']);
  });

  it('the same browser comes back to its tasks; another browser is declined and sees no task data', async () => {
    const { task, token } = await staff.dispatchedLink();
    const phone = browserAgent(t.http);
    await phone.post('/api/links/redeem').send({ token }).expect(200);

    expect((await phone.post('/api/links/status').send({ token }).expect(200)).body.state).toBe(
      'trusted',
    );
    const again = await phone.post('/api/links/redeem').send({ token }).expect(200);
    expect((again.body as RedeemResponse).tasks.map((x) => x.id)).toEqual([task.id]);

    const laptop = browserAgent(t.http);
    const status = await laptop.post('/api/links/status').send({ token }).expect(200);
    expect(status.body.state).toBe('declined');
    expect(status.body.taskCount).toBeUndefined();
    const declined = await laptop.post('/api/links/redeem').send({ token }).expect(403);
    expect(declined.body.error).toBe('link_declined');
    expect(JSON.stringify(declined.body)).not.toContain(task.title);
    expect(declined.headers['set-cookie']).toBeUndefined();
    await laptop.get('/api/me/tasks').expect(401);
    await laptop.get(`/api/me/tasks/${task.id}`).expect(401);
  });

  it('a device sees only the tasks of the links it redeemed', async () => {
    const a = await staff.dispatchedLink();
    const b = await staff.dispatchedLink();
    const browserA = browserAgent(t.http);
    await browserA.post('/api/links/redeem').send({ token: a.token }).expect(200);
    const list = (await browserA.get('/api/me/tasks').expect(200)).body as TaskListResponse;
    expect(list.open.map((x) => x.id)).toEqual([a.task.id]);
    await browserA.get(`/api/me/tasks/${b.task.id}`).expect(404);
  });

  it('records the security events of the path in the audit log', async () => {
    const { client, token } = await staff.dispatchedLink();
    await request(t.http).post('/api/links/redeem').send({ token }).expect(200);
    await request(t.http).post('/api/links/redeem').send({ token }).expect(403);
    const rows: { type: string }[] = await db.query(
      'SELECT type FROM audit_events WHERE client_id = ? ORDER BY created_at, type',
      [client.id],
    );
    expect(rows.map((r) => r.type).sort()).toEqual(
      ['dispatch.created', 'link.declined', 'link.issued', 'link.redeemed'].sort(),
    );
  });

  it('answers unknown and malformed tokens without a 500', async () => {
    const unknown = 'A'.repeat(43);
    expect(
      (await request(t.http).post('/api/links/status').send({ token: unknown }).expect(200)).body
        .state,
    ).toBe('unknown');
    expect(
      (await request(t.http).post('/api/links/redeem').send({ token: unknown }).expect(404)).body
        .error,
    ).toBe('link_unknown');
    for (const token of ['short', 'x'.repeat(44), 42, null, 'A'.repeat(42) + '!']) {
      const res = await request(t.http).post('/api/links/redeem').send({ token }).expect(422);
      expect(res.body.fields.token[0]).toMatch(/token/);
    }
    await request(t.http).post('/api/links/redeem').send({}).expect(422);
  });
});
