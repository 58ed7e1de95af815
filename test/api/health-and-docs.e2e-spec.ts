import request from 'supertest';
import type { HealthResponse } from '@app/contracts';
import { createTestApp, TestApp } from '../support/app';

describe('health, OpenAPI and HTTP hygiene', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('GET /api/health reports the database and the SMTP transport ready', async () => {
    const res = await request(t.http).get('/api/health').expect(200);
    const body = res.body as HealthResponse;
    expect(body.status).toBe('ok');
    expect(body.database).toEqual({
      ok: true,
      driver: process.env.E2E_DB === 'mariadb' ? 'mysql' : 'sqlite',
    });
    expect(body.mail).toMatchObject({ ok: true, transport: 'smtp' });
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
    expect(doc.paths['/api/admin/clients'].post.security).toEqual([{ staff: [] }]);
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
