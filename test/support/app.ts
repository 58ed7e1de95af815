// The real Nest app for API e2e specs: own database per call (MariaDB or SQLite file), mail to
// the catcher started by test/api/global-setup.ts. Use `request(http)` / `request.agent(http)`.
// With E2E_TARGET=cluster (set by the cluster suite's global setup) the same shape points at
// HAProxy in front of the Galera cluster instead: test/cluster/e2e-target.ts.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createDatabase, dropDatabase, scratchParent } from './mariadb';

export const TEST_ADMIN = {
  username: 'admin',
  password: 'admin-password-for-tests-123',
} as const;

export const TEST_PUBLIC_URL = 'http://portal.test';

export interface TestApp {
  app: INestApplication;
  /** The app's HTTP server, for supertest. */
  http: Server;
  databaseUrl: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** What every test app runs with, before its database, SMTP server and the spec's overrides. */
export function testAppDefaults(): Record<string, string> {
  return {
    NODE_ENV: 'test',
    PUBLIC_URL: TEST_PUBLIC_URL,
    APP_SECRET: randomBytes(32).toString('hex'),
    ADMIN_USERNAME: TEST_ADMIN.username,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    MAIL_FROM: 'Client Portal <portal@firm.test>',
    OUTBOX_POLL_MS: '50',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    PORTAL_DIR: '',
  };
}

export async function createTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  if (process.env.E2E_TARGET === 'cluster') {
    const { createClusterTestApp } = await import('../cluster/e2e-target');
    return createClusterTestApp(overrides);
  }
  const database = await createTestDatabase();
  const env: Record<string, string> = {
    ...testAppDefaults(),
    SMTP_URL: requireEnv('E2E_SMTP_URL'),
    DATABASE_URL: database.url,
    ...overrides,
  };

  let app: INestApplication;
  try {
    const { createApp } = await import('../../apps/api/src/app.factory');
    app = await createApp(env);
    await app.init();
  } catch (error) {
    await database.remove();
    throw error;
  }

  let closed = false;
  return {
    app,
    http: app.getHttpServer() as Server,
    databaseUrl: database.url,
    env,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await app.close();
      } finally {
        await database.remove();
      }
    },
  };
}

interface TestDatabase {
  url: string;
  remove(): Promise<void>;
}

/** E2E_DB=mariadb: a fresh database on the suite's server; otherwise a fresh SQLite file. */
async function createTestDatabase(): Promise<TestDatabase> {
  if (process.env.E2E_DB === 'mariadb') {
    const url = await createDatabase(requireEnv('E2E_MARIADB_ROOT_URL'));
    return { url, remove: () => dropDatabase(url) };
  }
  // A folder per database, so SQLite's -wal/-shm side files go with it.
  const dir = await mkdtemp(join(await scratchParent(), 'portal-sqlite-'));
  return {
    url: `sqlite:${join(dir, 'portal.sqlite')}`,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run through test/api/jest-e2e.config.ts (global setup).`);
  }
  return value;
}
