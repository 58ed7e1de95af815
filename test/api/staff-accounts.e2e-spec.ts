// SPEC rule 19: staff sign in with username and password and have roles; admins create staff,
// the first admin comes from configuration or `npm run staff:create-admin`.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { StaffLoginResponse, StaffView } from '@app/contracts';
import { StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';
import { expectOneCreated } from '../support/races';

const run = promisify(execFile);

describe('staff users and roles', () => {
  let t: TestApp;
  let admin: StaffApi;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await StaffApi.signIn(t.http);
  });
  afterAll(() => t.close());

  async function signIn(username: string, password: string): Promise<StaffApi> {
    const res = await request(t.http)
      .post('/api/staff/login')
      .send({ username, password })
      .expect(200);
    return new StaffApi(t.http, (res.body as StaffLoginResponse).token);
  }

  it('an admin creates staff, who sign in with their role', async () => {
    const res = await admin
      .post('/api/admin/staff')
      .send({ username: ' Sam.Staff ', password: 'a long staff pass phrase', role: 'staff' })
      .expect(201);
    expect(res.body).toMatchObject({ username: 'sam.staff', role: 'staff' });
    expect(res.body).not.toHaveProperty('passwordHash');
    const login = await request(t.http)
      .post('/api/staff/login')
      .send({ username: 'sam.staff', password: 'a long staff pass phrase' })
      .expect(200);
    expect((login.body as StaffLoginResponse).staff.role).toBe('staff');
    const list = (await admin.get('/api/admin/staff').expect(200)).body as StaffView[];
    expect(list.map((s) => s.username)).toEqual(expect.arrayContaining(['admin', 'sam.staff']));
  });

  it('a staff-role user may use the admin API but not create staff (403)', async () => {
    await admin
      .post('/api/admin/staff')
      .send({ username: 'pat.staff', password: 'another long pass phrase', role: 'staff' })
      .expect(201);
    const pat = await signIn('pat.staff', 'another long pass phrase');
    await pat.get('/api/admin/clients').expect(200);
    const refused = await pat
      .post('/api/admin/staff')
      .send({ username: 'eve.staff', password: 'yet another pass phrase', role: 'admin' })
      .expect(403);
    expect(refused.body.message).toMatch(/role/);
    await pat.get('/api/admin/staff').expect(403);
  });

  it('refuses bad input, a common password and a taken username, storing nothing', async () => {
    for (const body of [
      {},
      { username: 'ok.name', password: 'a long staff pass phrase', role: 'root' },
      { username: 'x', password: 'a long staff pass phrase', role: 'staff' },
      { username: 'ok.name', password: 'short', role: 'staff' },
    ]) {
      await admin.post('/api/admin/staff').send(body).expect(422);
    }
    const weak = await admin
      .post('/api/admin/staff')
      .send({ username: 'weak.one', password: '1q2w3e4r5t6y', role: 'staff' })
      .expect(422);
    expect(weak.body.error).toBe('weak_password');
    const taken = await admin
      .post('/api/admin/staff')
      .send({ username: 'admin', password: 'a long staff pass phrase', role: 'admin' })
      .expect(409);
    expect(taken.body).toMatchObject({
      error: 'username_taken',
      message: 'A staff user with this username already exists.',
    });
    const list = (await admin.get('/api/admin/staff').expect(200)).body as StaffView[];
    expect(list.map((s) => s.username)).not.toEqual(
      expect.arrayContaining(['ok.name', 'weak.one']),
    );
  });

  it('ten parallel creations of one username give exactly one 201 and nine 409', async () => {
    const username = `race.${Date.now().toString(36)}`;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        admin
          .post('/api/admin/staff')
          .send({ username, password: 'a long staff pass phrase', role: 'staff' }),
      ),
    );
    await expectOneCreated(
      answers,
      {
        error: 'username_taken',
        message: 'A staff user with this username already exists.',
      },
      {
        db: t.app.get(DataSource),
        sql: 'SELECT id FROM staff WHERE username = ?',
        value: username,
      },
    );
  });

  it('audits staff sign-in success and failure', async () => {
    await request(t.http)
      .post('/api/staff/login')
      .send({ username: 'admin', password: 'wrong password' })
      .expect(401);
    const rows: { type: string }[] = await t.app
      .get(DataSource)
      .query("SELECT type FROM audit_events WHERE type LIKE 'staff.%'");
    expect(rows.map((r) => r.type)).toEqual(
      expect.arrayContaining(['staff.login_ok', 'staff.login_failed', 'staff.created']),
    );
  });

  it('limits staff sign-in per username like clients: the 6th try in 15 minutes answers 429, audited', async () => {
    const username = `limited.${Date.now()}`;
    await admin
      .post('/api/admin/staff')
      .send({ username, password: 'a long staff pass phrase', role: 'staff' })
      .expect(201);
    for (let i = 0; i < 5; i++) {
      await request(t.http)
        .post('/api/staff/login')
        .send({ username, password: `wrong password ${i}` })
        .expect(401);
    }
    const refused = await request(t.http)
      .post('/api/staff/login')
      .send({ username, password: 'a long staff pass phrase' })
      .expect(429);
    expect(refused.body).toMatchObject({ error: 'too_many_attempts' });
    expect(refused.body.message).toMatch(/wait 15 minutes/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(14 * 60);
    const rows: { type: string }[] = await t.app
      .get(DataSource)
      .query("SELECT type FROM audit_events WHERE type = 'staff.login_throttled'");
    expect(rows).toHaveLength(1);
  });
});

describe('npm run staff:create-admin', () => {
  it('creates an admin from a password on stdin or in STAFF_PASSWORD, who can then sign in', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'portal-admin-'));
    const root = resolve(__dirname, '../..');
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: `sqlite:${join(dir, 'portal.sqlite')}`,
      APP_SECRET: 'x'.repeat(40),
      STAFF_PASSWORD: 'first admin pass phrase',
    };
    try {
      const script = join(root, 'apps/api/src/cli/create-admin.ts');
      const tsNode = join(root, 'node_modules/.bin/ts-node');
      const args = ['-T', '-P', join(root, 'test/tsconfig.json'), script, 'Chief'];
      const { stdout } = await run(tsNode, args, { cwd: root, env });
      expect(stdout).toContain('Admin "chief" created.');
      await expect(run(tsNode, args, { cwd: root, env })).rejects.toMatchObject({
        stderr: expect.stringContaining('already exists'),
      });
      await expect(
        run(tsNode, [...args.slice(0, -1), 'weakling'], {
          cwd: root,
          env: { ...env, STAFF_PASSWORD: 'password1234' },
        }),
      ).rejects.toMatchObject({ stderr: expect.stringContaining('too common') });

      const t = await createTestApp({ DATABASE_URL: env.DATABASE_URL, ADMIN_USERNAME: 'admin' });
      try {
        const res = await request(t.http)
          .post('/api/staff/login')
          .send({ username: 'chief', password: 'first admin pass phrase' })
          .expect(200);
        expect((res.body as StaffLoginResponse).staff.role).toBe('admin');
      } finally {
        await t.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
