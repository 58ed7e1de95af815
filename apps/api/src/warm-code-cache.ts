// First, as in main.ts: everything below compiles through the code cache.
import { compileCache } from './common/compile-cache-install';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from './app.factory';

/**
 * `npm run build:api` ends with this (node dist/api/apps/api/src/warm-code-cache.js): it builds
 * and initialises the whole application once, on a throw-away in-memory SQLite database with
 * mail to a temporary folder, closes it, and writes the code cache (common/compile-cache.ts),
 * so that the first start after a build starts as fast as a restart (issue 11 item 5). It reads
 * no configuration of the real deployment and writes nothing but the cache; if anything fails
 * it says so and exits 0: a missing cache only costs the first start its speed.
 */
async function warm(): Promise<void> {
  if (!compileCache) return;
  const dir = mkdtempSync(join(tmpdir(), 'client-portal-warm-'));
  try {
    const app = await createApp({
      NODE_ENV: 'test',
      PORT: '1',
      PUBLIC_URL: 'http://127.0.0.1:1',
      DATABASE_URL: 'sqlite::memory:',
      APP_SECRET: randomBytes(32).toString('hex'),
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: randomBytes(18).toString('base64url'),
      FIRM_NAME: 'Code cache warm-up',
      DEMO_DATA: 'false',
      PORTAL_DIR: '',
      MAIL_DIR: join(dir, 'mail'),
      STORAGE_DIR: join(dir, 'files'),
      LOG_LEVEL: 'error',
    });
    await app.init();
    await app.close();
    compileCache.save();
    const { hits, misses, file } = compileCache.stats();
    process.stdout.write(`code cache: ${hits + misses} files in ${file}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A build never waits on this for long.
setTimeout(() => {
  process.stdout.write('code cache not written: the warm-up took over 60 s\n');
  process.exit(0);
}, 60_000).unref();

warm()
  .catch((error: unknown) => {
    process.stdout.write(
      `code cache not written (the first start will compile everything): ${error instanceof Error ? error.message : String(error)}\n`,
    );
  })
  .finally(() => process.exit(0));
