// QA's tour: every client screen at phone (390x844) and desktop (1440x900) size, each checked
// with axe (no serious or critical violations) and for sideways scrolling, and saved as
// test/browser/artifacts/screens/<screen>-<size>.png. One test per group of screens, each with
// its own client and link, so no test is long and each can run alone.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { baseUrl, extractLink, sendTask, waitForMail } from './support/api';
import { expect, test, type OpenDevice } from './support/fixtures';
import type { Size } from './support/devices';
import { checkScreen } from './support/screens';

const SHOTS = join(__dirname, 'artifacts', 'screens');
const PASSWORD = 'tour of the portal screens';
const TITLE = 'Trademark application: HARBOUR';

function dispatched(): ReturnType<typeof sendTask> {
  return sendTask(
    {
      title: TITLE,
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

/** Waits for the screen's own element, then axe, sideways check and screenshot. */
async function screen(page: Page, ready: Locator, name: string, size: Size): Promise<void> {
  await expect(ready).toBeVisible();
  await checkScreen(page, `${name} (${size})`, join(SHOTS, `${name}-${size}.png`));
}

/** A browser that opened the link and pressed "Open my tasks": the trusted device. */
async function trustedDevice(device: OpenDevice, size: Size, url: string): Promise<Page> {
  const page = await device(size);
  await page.goto(url);
  await page.getByRole('button', { name: 'Open my tasks' }).click();
  await expect(page.getByTestId('task-item').first()).toBeVisible();
  return page;
}

for (const size of ['phone', 'desktop'] as const) {
  test.describe(`every client screen at ${size} size`, () => {
    test('screens anyone can open', async ({ device }) => {
      const page = await device(size);
      const heading = page.getByRole('heading', { level: 1 });
      await page.goto('/');
      await screen(page, heading, 'home', size);
      await page.goto('/no-such-page');
      await screen(page, heading, 'not-found', size);
      await page.goto(`/l/${randomBytes(32).toString('base64url')}`);
      await screen(page, page.getByTestId('link-state-unknown'), 'link-unknown', size);
      await page.goto('/pin');
      await screen(page, page.getByTestId('pin-entry'), 'pin-entry', size);
      await page.goto('/account/login');
      await screen(page, page.getByTestId('sign-in'), 'sign-in', size);
      await page.goto('/account/devices');
      await screen(page, page.getByTestId('access-signed-out'), 'my-devices-signed-out', size);
    });

    test('a link opened on its device: landing, task list, task', async ({ device }) => {
      const { url } = await dispatched();
      const page = await device(size);
      await page.goto(url);
      await screen(page, page.getByTestId('link-state-ready'), 'link-landing', size);
      await page.getByRole('button', { name: 'Open my tasks' }).click();
      await screen(page, page.getByTestId('task-item').first(), 'task-list', size);
      await page.getByText(TITLE).click();
      await screen(page, page.getByTestId('task-detail'), 'task-detail', size);
    });

    test('a login: create it, the signed-in dashboard, my devices', async ({ device }) => {
      const { email, url } = await dispatched();
      const page = await trustedDevice(device, size, url);
      await page.goto('/account/create');
      await screen(page, page.getByTestId('create-login'), 'create-login', size);
      await page.getByTestId('create-email').fill(email);
      await page.getByTestId('create-username').fill(`tour${randomBytes(3).toString('hex')}`);
      await page.getByTestId('create-password').fill(PASSWORD);
      await page.getByTestId('create-login-submit').click();
      await screen(page, page.getByTestId('create-login-done'), 'create-login-done', size);
      await page.getByTestId('create-login-tasks').click();
      await expect(page).toHaveURL(/\/tasks/);
      await screen(page, page.getByTestId('task-item').first(), 'dashboard-signed-in', size);
      await page.goto('/account/devices');
      await screen(page, page.getByTestId('device-list'), 'my-devices', size);
    });

    test('another device: declined, access link sent, then the throttled wait', async ({
      device,
    }) => {
      const { url, email } = await dispatched();
      await trustedDevice(device, size, url);
      const other = await device(size);
      await other.goto(url);
      await screen(other, other.getByTestId('link-state-declined'), 'link-declined', size);
      const asked = Date.now();
      await other.getByRole('button', { name: 'Send Access Link' }).click();
      await screen(other, other.getByTestId('access-link-sent'), 'access-link-sent', size);
      // Issue 14: the access link opened in a browser that did not ask for it.
      const mail = await waitForMail({
        to: email,
        subjectIncludes: 'new access link',
        after: asked,
      });
      const third = await device(size);
      await third.goto(extractLink(mail, baseUrl()).url);
      await screen(third, third.getByTestId('link-state-elsewhere'), 'access-link-elsewhere', size);
      await third.goto(url);
      await third.getByRole('button', { name: 'Send Access Link' }).click();
      await screen(third, third.getByTestId('retry-after'), 'access-link-throttled', size);
    });
  });
}
