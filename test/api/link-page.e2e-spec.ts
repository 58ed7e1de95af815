// SPEC rule 2: opening the link (GET or HEAD) never changes state, and the page is served with
// no-referrer and without caching. Scanners may fetch it as often as they like.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { browserAgent, StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';

describe('the link page', () => {
  let t: TestApp;
  let portalDir: string;
  beforeAll(async () => {
    portalDir = mkdtempSync(join(tmpdir(), 'portal-dist-'));
    writeFileSync(
      join(portalDir, 'index.html'),
      '<!doctype html><title>Client Portal</title><app-root></app-root>',
    );
    t = await createTestApp({ PORTAL_DIR: portalDir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(portalDir, { recursive: true, force: true });
  });

  it('ten GETs and a HEAD from a scanner change nothing; the person pressing the button still gets in', async () => {
    const staff = await StaffApi.signIn(t.http);
    const { token } = await staff.dispatchedLink();
    const db = t.app.get(DataSource);
    const snapshot = async (): Promise<string> =>
      JSON.stringify([
        await db.query('SELECT id, used_at, used_by_device_id, revoked_at FROM links ORDER BY id'),
        await db.query('SELECT COUNT(*) AS n FROM devices'),
        await db.query('SELECT COUNT(*) AS n FROM device_grants'),
        await db.query('SELECT COUNT(*) AS n FROM audit_events'),
      ]);
    const before = await snapshot();
    for (let i = 0; i < 10; i++) {
      const page = await request(t.http).get(`/l/${token}`).expect(200);
      expect(page.text).toContain('<app-root>');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.headers['set-cookie']).toBeUndefined();
      await request(t.http).post('/api/links/status').send({ token }).expect(200);
    }
    await request(t.http).head(`/l/${token}`).expect(200);
    expect(await snapshot()).toBe(before);
    await browserAgent(t.http).post('/api/links/redeem').send({ token }).expect(200);
  });

  it('serves the portal on other paths and never the API fallback', async () => {
    await request(t.http).get('/tasks').expect(200);
    await request(t.http).get('/api/nothing').expect(404);
    await request(t.http).post('/l/whatever').expect(404);
  });
});
