// Starts MariaDB, the SMTP catcher and the BUILT API for the browser suite. Env vars set here
// reach the test workers.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TEST_ADMIN } from '../support/app';
import { createDatabase, startMariaDb } from '../support/mariadb';
import { isPortFree } from '../support/ports';
import { startSmtpCatcher } from '../support/smtp-catcher';
import { startApiServer } from './support/api-server';
import globalTeardown from './global-teardown';
import { BrowserE2eHandles, setHandles } from './support/handles';
import { TIMEOUTS } from './support/timeouts';

const ROOT = resolve(__dirname, '../..');
const API_ENTRY = join(ROOT, 'dist/api/apps/api/src/main.js');
const PORTAL_DIR = join(ROOT, 'dist/portal/browser');
const ARTIFACTS = join(__dirname, 'artifacts');

export default async function globalSetup(): Promise<void> {
  assertBuilt();
  const port = process.env.E2E_BROWSER_PORT ?? '4310';
  if (!(await isPortFree(Number(port)))) {
    throw new Error(`Port ${port} is in use: stop what runs there or set E2E_BROWSER_PORT.`);
  }
  const baseUrl = `http://127.0.0.1:${port}`;

  const handles: BrowserE2eHandles = {};
  setHandles(handles);
  const started = Date.now();
  const took = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  try {
    handles.mariadb = await startMariaDb();
    const databaseUrl = await createDatabase(handles.mariadb.rootUrl);
    const mariadbReady = took();

    const mailDir = await mkdtemp(join(tmpdir(), 'portal-browser-mail-'));
    handles.mailDir = mailDir;
    process.env.E2E_MAIL_DIR = mailDir;
    handles.smtp = await startSmtpCatcher(mailDir);

    await mkdir(ARTIFACTS, { recursive: true });
    handles.api = await startApiServer({
      entry: API_ENTRY,
      cwd: ROOT,
      baseUrl,
      logFile: join(ARTIFACTS, 'server.log'),
      readyTimeoutMs: TIMEOUTS.serverStart,
      env: {
        NODE_ENV: 'test',
        PORT: port,
        HOST: '127.0.0.1',
        PUBLIC_URL: baseUrl,
        DATABASE_URL: databaseUrl,
        SMTP_URL: handles.smtp.url,
        APP_SECRET: randomBytes(32).toString('hex'),
        ADMIN_USERNAME: TEST_ADMIN.username,
        ADMIN_PASSWORD: TEST_ADMIN.password,
        DEMO_DATA: 'false',
        TEST_CLOCK: 'true',
        OUTBOX_POLL_MS: '100',
        // Staff notices (staff-story.pw.ts: the owner's notice, immediate) at a tick a second.
        STAFF_NOTIFY_POLL_MS: '1000',
        // Reminder digests (hostile-scanner.pw.ts): any hour of any day, ticking every 5 s (a
        // digest leaves within seconds of the clock reaching its day); only due dates remind
        // (no unopened-link reminders for other specs' clients).
        FIRM_BUSINESS_HOURS: '00:00-24:00',
        FIRM_BUSINESS_DAYS: 'mon-sun',
        REMINDER_INTERVAL_SECONDS: '5',
        REMINDER_UNOPENED_LINK_DAYS: '0',
        // Issue 13: a contact footer on every page and e-mail (the name stays neutral).
        FIRM_CONTACT_PHONE: '+44 20 7946 0000',
        FIRM_CONTACT_EMAIL: 'help@firm.example',
        FIRM_CONTACT_ADDRESS: '1 High Street, London EC1A 1AA',
        // Issue 12 webhooks (staff-admin.pw.ts): the spec's receiver is a local http server;
        // a delivery goes out within a poll.
        WEBHOOK_ALLOW_LOCAL: 'true',
        WEBHOOK_POLL_MS: '200',
        PORTAL_DIR,
        LOG_LEVEL: 'log',
      },
    });
    console.log(
      `Browser e2e set-up: MariaDB ready after ${mariadbReady}, API healthy after ${took()}.`,
    );
  } catch (error) {
    await globalTeardown();
    throw error;
  }

  process.env.E2E_BASE_URL = baseUrl;
  process.env.E2E_ADMIN_USERNAME = TEST_ADMIN.username;
  process.env.E2E_ADMIN_PASSWORD = TEST_ADMIN.password;
}

function assertBuilt(): void {
  const missing = [API_ENTRY, PORTAL_DIR].filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(`Missing ${missing.join(' and ')}: run \`npm run build\` first.`);
  }
}
