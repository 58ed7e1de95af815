// QA's tour: every client screen at phone (390x844) and desktop (1440x900) size, each checked
// with axe (no serious or critical violations) and saved as test/browser/artifacts/screens/
// <screen>-<size>.png.
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { baseUrl, sendTask } from './support/api';
import { expectAccessible } from './support/a11y';
import { desktop, phone } from './support/devices';

const SHOTS = join(__dirname, 'artifacts', 'screens');
const PASSWORD = 'tour of the portal screens';

async function screen(page: Page, ready: Locator, name: string, size: string): Promise<void> {
  await expect(ready).toBeVisible();
  await expectAccessible(page, name);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${name} scrolls sideways at ${size}`).toBeLessThanOrEqual(
    page.viewportSize()!.width,
  );
  await page.screenshot({ path: join(SHOTS, `${name}-${size}.png`), fullPage: true });
}

function dispatched(): ReturnType<typeof sendTask> {
  return sendTask(
    {
      title: 'Trademark application: HARBOUR',
      dueDate: '2026-12-31',
      requests: [
        { kind: 'question', prompt: 'Which goods will you sell under the mark?' },
        { kind: 'document', prompt: 'Upload a specimen of the mark in use.' },
        { kind: 'confirmation', prompt: 'Confirm the applicant address.' },
      ],
    },
    { label: 'tour', name: 'Terry Tour' },
  );
}

async function context(browser: Browser, size: 'phone' | 'desktop'): Promise<Page> {
  const ctx = await browser.newContext({
    ...(size === 'phone' ? phone : desktop),
    baseURL: baseUrl(),
  });
  return ctx.newPage();
}

for (const size of ['phone', 'desktop'] as const) {
  test(`every client screen at ${size} size`, async ({ browser }) => {
    const { email, url } = await dispatched();
    const page = await context(browser, size);

    await page.goto('/');
    await screen(page, page.getByRole('heading', { level: 1 }), 'home', size);
    await page.goto('/no-such-page');
    await screen(page, page.getByRole('heading', { level: 1 }), 'not-found', size);
    await page.goto(`/l/${randomBytes(32).toString('base64url')}`);
    await screen(page, page.getByTestId('link-state-unknown'), 'link-unknown', size);

    await page.goto(url);
    await screen(page, page.getByTestId('link-state-ready'), 'link-landing', size);
    await page.getByRole('button', { name: 'Open my tasks' }).click();
    await screen(page, page.getByTestId('task-item').first(), 'task-list', size);
    await page.getByText('Trademark application: HARBOUR').click();
    await screen(page, page.getByTestId('task-detail'), 'task-detail', size);

    await page.goto('/pin');
    await screen(page, page.getByTestId('pin-entry'), 'pin-entry', size);
    await page.goto('/account/login');
    await screen(page, page.getByTestId('sign-in'), 'sign-in', size);
    await page.goto('/account/devices');
    await screen(page, page.getByTestId('access-signed-out'), 'my-devices-signed-out', size);
    await page.goto('/account/create');
    await screen(page, page.getByTestId('create-login'), 'create-login', size);
    await page.getByTestId('create-email').fill(email);
    await page.getByTestId('create-username').fill(`tour${randomBytes(3).toString('hex')}`);
    await page.getByTestId('create-password').fill(PASSWORD);
    await page.getByTestId('create-login-submit').click();
    await expect(page).toHaveURL(/\/tasks/);
    await screen(page, page.getByTestId('task-item').first(), 'dashboard-signed-in', size);
    await page.goto('/account/devices');
    await screen(page, page.getByTestId('device-list'), 'my-devices', size);

    // Another browser: declined, then Send Access Link, then the throttled wait in a third.
    const other = await context(browser, size);
    await other.goto(url);
    await screen(other, other.getByTestId('link-state-declined'), 'link-declined', size);
    await other.getByRole('button', { name: 'Send Access Link' }).click();
    await screen(other, other.getByTestId('access-link-sent'), 'access-link-sent', size);
    const third = await context(browser, size);
    await third.goto(url);
    await third.getByRole('button', { name: 'Send Access Link' }).click();
    await screen(third, third.getByTestId('retry-after'), 'access-link-throttled', size);
  });
}
