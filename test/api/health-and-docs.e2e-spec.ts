import request from 'supertest';
import type { HealthResponse } from '@app/contracts';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staffToken } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';
import { SmtpCatcher, startSmtpCatcher } from '../support/smtp-catcher';

describe('health, OpenAPI and HTTP hygiene', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('GET /api/health tells anyone only up or down per component', async () => {
    const res = await request(t.http).get('/api/health').expect(200);
    const body = res.body as HealthResponse;
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['retry-after']).toBeUndefined();
    expect(body).toEqual({
      status: 'ok',
      database: { ok: true },
      mail: { ok: true },
      time: expect.any(String) as string,
    });
  });

  it('GET /api/health with a staff bearer adds the details: driver, transport and the outbox', async () => {
    const token = await staffToken(t.http);
    const res = await request(t.http)
      .get('/api/health')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const body = res.body as HealthResponse;
    expect(body.database).toEqual({ ok: true });
    expect(body.details).toEqual({
      database: { driver: process.env.E2E_DB === 'mariadb' ? 'mysql' : 'sqlite' },
      mail: {
        transport: 'smtp',
        outbox: {
          pending: expect.any(Number) as number,
          stale: 0,
          staleAfterMinutes: 30,
          oldestPendingSeconds: body.details?.mail.outbox?.pending ? expect.any(Number) : null,
        },
      },
    });
  });

  it('GET /api/health with a bearer that is not a staff session gets the public answer', async () => {
    const res = await request(t.http)
      .get('/api/health')
      .set('Authorization', `Bearer ${'x'.repeat(43)}`)
      .expect(200);
    expect((res.body as HealthResponse).details).toBeUndefined();
  });

  describe('while the SMTP server is down', () => {
    let smtp: SmtpCatcher;
    let down: TestApp;
    beforeAll(async () => {
      smtp = await startSmtpCatcher(await mkdtemp(join(tmpdir(), 'health-smtp-')));
      await smtp.down();
      down = await createTestApp({ SMTP_URL: smtp.url });
    });
    afterAll(async () => {
      await down?.close();
      await smtp?.stop();
    });

    it('answers 503 and says only "mail: down" to anyone, no error text', async () => {
      const res = await request(down.http).get('/api/health').expect(503);
      expect(res.body).toEqual({
        status: 'degraded',
        database: { ok: true },
        mail: { ok: false },
        time: expect.any(String) as string,
      });
      expect(res.text).not.toMatch(/ECONNREFUSED|ECONNRESET|127\.0\.0\.1|connect/i);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('gives staff the error text', async () => {
      const token = await staffToken(down.http);
      const res = await request(down.http)
        .get('/api/health')
        .set('Authorization', `Bearer ${token}`)
        .expect(503);
      const details = (res.body as HealthResponse).details;
      expect(details?.mail.transport).toBe('smtp');
      expect(details?.mail.error).toMatch(/ECONNREFUSED|ECONNRESET|connect/i);
      expect(details?.database.error).toBeUndefined();
    });
  });

  it('serves the OpenAPI document with the admin endpoints and their bearer security', async () => {
    const res = await request(t.http).get('/api/docs-json').expect(200);
    const doc = res.body as {
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/admin/clients',
        '/api/admin/clients/{clientId}/tasks',
        '/api/admin/clients/{clientId}/dispatches',
      ]),
    );
    // A bearer token, or (issue 12) the staff workspace's cookie: either scheme alone.
    const security = doc.paths['/api/admin/clients'].post.security;
    expect(security).toHaveLength(2);
    expect(security).toEqual(expect.arrayContaining([{ staff: [] }, { 'staff-cookie': [] }]));
    expect(Object.keys(doc.paths).some((p) => p.includes('/test/'))).toBe(false);
    await request(t.http).get('/api/docs').expect(200);
  });

  it('sends security headers, no-referrer, and a correlation id on errors without a stack', async () => {
    const res = await request(t.http).get('/api/nothing-here').expect(404);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.body.correlationId).toBe(res.headers['x-request-id']);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});
