// The FAQ's "Client Task Unique Links", sentence by sentence (SPEC rules 3-5, 8).
import { createHash } from 'node:crypto';
import type { LinkStatusResponse, TaskListResponse } from '@app/contracts';
import { DataSource } from 'typeorm';
import { Clock } from '../../apps/api/src/common/clock';
import { browserAgent, linkFromMail, StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';
import { mailsTo } from '../support/mail';

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
const PHONE_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/140.0 Mobile Safari/537.36';
const LAPTOP_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36';

describe('FAQ: Client Task Unique Links', () => {
  let t: TestApp;
  let staff: StaffApi;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    staff = await StaffApi.signIn(t.http);
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('"The unique link can only be used a single time": a second browser cannot use it again', async () => {
    const { token } = await staff.dispatchedLink();
    await browserAgent(t.http).post('/api/links/redeem').send({ token }).expect(200);
    await browserAgent(t.http).post('/api/links/redeem').send({ token }).expect(403);
  });

  it('"the device that received the email is considered a trusted device": it comes back straight to its tasks', async () => {
    const { token, task } = await staff.dispatchedLink();
    const phone = browserAgent(t.http);
    await phone.post('/api/links/redeem').send({ token }).expect(200);
    const status = (await phone.post('/api/links/status').send({ token }).expect(200))
      .body as LinkStatusResponse;
    expect(status.state).toBe('trusted');
    const tasks = (await phone.get('/api/me/tasks').expect(200)).body as TaskListResponse;
    expect(tasks.open.map((x) => x.id)).toEqual([task.id]);
  });

  it('"Any attempt to reuse the link on any other device will be declined", on a page that carries no task data', async () => {
    const { token, task, client } = await staff.dispatchedLink();
    await browserAgent(t.http).post('/api/links/redeem').send({ token }).expect(200);
    const other = browserAgent(t.http);
    const status = await other.post('/api/links/status').send({ token }).expect(200);
    const declined = await other.post('/api/links/redeem').send({ token }).expect(403);
    for (const body of [status.body, declined.body]) {
      const text = JSON.stringify(body);
      for (const secret of [task.title, task.reference, task.id, client.email, client.name]) {
        expect(text).not.toContain(secret);
      }
    }
    expect(Object.keys(status.body).sort()).toEqual(['firmName', 'kind', 'maskedEmail', 'state']);
    expect(status.body.state).toBe('declined');
  });

  it('"Send Access Link" e-mails a newly generated link to the original address only', async () => {
    const { token, client } = await staff.dispatchedLink();
    await browserAgent(t.http).post('/api/links/redeem').send({ token }).expect(200);
    const laptop = browserAgent(t.http);
    // There is no way to steer it elsewhere: the body takes the token and nothing else.
    await laptop
      .post('/api/links/access-link')
      .send({ token, email: 'attacker@evil.example' })
      .expect(422);
    const before = Date.now();
    const sent = await laptop.post('/api/links/access-link').send({ token }).expect(202);
    expect(sent.body).toEqual({
      maskedEmail: `${client.email[0]}•••@example.com`,
      retryAfterSeconds: 60,
      linkTtlMinutes: 60,
      codeTtlMinutes: 10,
    });
    const access = await linkFromMail(client.email, 'new access link', before);
    expect(access.token).not.toBe(token);
    expect(await mailsTo('attacker@evil.example')).toHaveLength(0);
    const rows = await db.query<{ kind: string }[]>('SELECT kind FROM links WHERE token_hash = ?', [
      sha256(access.token),
    ]);
    expect(rows).toEqual([{ kind: 'access' }]);
  });

  it('"What happens I open the link on a phone and then want to complete the tasks on a computer?" — the same process', async () => {
    const { token, task, client } = await staff.dispatchedLink();
    const phone = browserAgent(t.http).set('User-Agent', PHONE_UA);
    const laptop = browserAgent(t.http).set('User-Agent', LAPTOP_UA);

    // Opened on the phone first: the phone becomes the trusted device.
    await phone.post('/api/links/redeem').send({ token }).expect(200);
    await phone.get('/api/me/tasks').expect(200);

    // On the computer the same link is declined; it asks for an access link.
    expect((await laptop.post('/api/links/status').send({ token })).body.state).toBe('declined');
    const asked = Date.now();
    await laptop.post('/api/links/access-link').send({ token }).expect(202);
    const access = await linkFromMail(client.email, 'new access link', asked);
    expect((await laptop.post('/api/links/status').send({ token: access.token })).body.state).toBe(
      'ready',
    );

    // Redeeming it moves the tasks: the computer has them, the phone loses them at once.
    await laptop.post('/api/links/redeem').send({ token: access.token }).expect(200);
    const onLaptop = (await laptop.get('/api/me/tasks').expect(200)).body as TaskListResponse;
    expect(onLaptop.open.map((x) => x.id)).toEqual([task.id]);
    await phone.get('/api/me/tasks').expect(401);
    await phone.get(`/api/me/tasks/${task.id}`).expect(401);
    expect((await phone.post('/api/links/status').send({ token })).body.state).toBe('declined');
    expect((await laptop.post('/api/links/status').send({ token })).body.state).toBe('trusted');

    const types = await db.query<{ type: string }[]>(
      "SELECT type FROM audit_events WHERE client_id = ? AND type IN ('device.moved', 'access_link.sent', 'link.declined')",
      [client.id],
    );
    expect(types.map((r) => r.type).sort()).toEqual(['access_link.sent', 'device.moved']);
  });

  it('"If you want to access it from another device, you will need to follow the same process"', async () => {
    const { token, task, client } = await staff.dispatchedLink();
    const phone = browserAgent(t.http);
    const laptop = browserAgent(t.http);
    const tablet = browserAgent(t.http);
    await phone.post('/api/links/redeem').send({ token }).expect(200);

    let asked = Date.now();
    await laptop.post('/api/links/access-link').send({ token }).expect(202);
    const first = await linkFromMail(client.email, 'new access link', asked);
    await laptop.post('/api/links/redeem').send({ token: first.token }).expect(200);

    // A third device: both the original link and the used access link decline it.
    await tablet.post('/api/links/redeem').send({ token }).expect(403);
    await tablet.post('/api/links/redeem').send({ token: first.token }).expect(403);
    t.app.get(Clock).advance(61_000);
    asked = Date.now();
    await tablet.post('/api/links/access-link').send({ token: first.token }).expect(202);
    const second = await linkFromMail(client.email, 'new access link', asked);
    await tablet.post('/api/links/redeem').send({ token: second.token }).expect(200);
    expect(
      ((await tablet.get('/api/me/tasks').expect(200)).body as TaskListResponse).open[0].id,
    ).toBe(task.id);
    await laptop.get('/api/me/tasks').expect(401);
    await phone.get('/api/me/tasks').expect(401);
  });
});
