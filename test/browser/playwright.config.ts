// Browser end-to-end suite: the BUILT app (npm run build) on real MariaDB, with mail caught by
// a real SMTP server, driven in Debian's Chromium (never `playwright install` here).
// Timeouts: one knob, E2E_TIMEOUT_SCALE (support/timeouts.ts). No retries: a test that passes
// only on its second try is a failure to fix, not a pass.
import { join } from 'node:path';
import { defineConfig, Project } from '@playwright/test';
import { desktop, phone } from './support/devices';
import { TIMEOUTS } from './support/timeouts';

const port = process.env.E2E_BROWSER_PORT ?? '4310';
const artifacts = join(__dirname, 'artifacts');

// Specs run once, on desktop, and open phone contexts themselves when they need one.
// E2E_ALL_VIEWPORTS=true runs every spec in both a desktop and a phone project instead.
const projects: Project[] =
  process.env.E2E_ALL_VIEWPORTS === 'true'
    ? [
        { name: 'desktop', use: desktop },
        { name: 'phone', use: phone },
      ]
    : [{ name: 'chromium', use: desktop }];

export default defineConfig({
  testDir: __dirname,
  testMatch: '**/*.pw.ts',
  // One worker: every spec shares one API server, and several move its clock (POST
  // /api/test/clock/advance: a day, 31 days, an hour) or wait for its once-a-minute reminder job,
  // which would expire or remind another worker's links mid-test. Two workers would need a server,
  // database and mail catcher per worker.
  workers: 1,
  retries: 0,
  timeout: TIMEOUTS.test,
  expect: { timeout: TIMEOUTS.expect },
  reporter: [
    ['list'],
    ['html', { outputFolder: join(artifacts, 'report'), open: 'never' }],
    // Per-test durations for whoever checks how close the suite runs to its timeouts.
    ['json', { outputFile: join(artifacts, 'results.json') }],
  ],
  outputDir: join(artifacts, 'results'),
  globalSetup: join(__dirname, 'global-setup.ts'),
  globalTeardown: join(__dirname, 'global-teardown.ts'),
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    actionTimeout: TIMEOUTS.action,
    navigationTimeout: TIMEOUTS.navigation,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects,
});
