// Issue 3's portal screens in a real Chromium: declined → Send Access Link → the tasks move to
// the computer and the phone loses them; the throttled wait; expired; unknown.
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { baseUrl, extractLink, sendTask, waitForMail } from './support/api';
import { expectAccessible } from './support/a11y';
import { desktop, phone } from './support/devices';

const sizes = { phone, desktop } as const;

async function checkScreen(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await expectAccessible(page, name);
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

function dispatchedLink(title: string): ReturnType<typeof sendTask> {
  return sendTask({ title, requests: [{ kind: 'question', prompt: 'Any comments?' }] });
}

async function newPage(browser: Browser, size: keyof typeof sizes): Promise<Page> {
  const context = await browser.newContext({ ...sizes[size], baseURL: baseUrl() });
  return context.newPage();
}

test.afterEach(async ({ request }) => {
  await request.delete('/api/test/clock');
});

test('opened on a phone, then moved to a computer with Send Access Link and completed there', async ({
  browser,
}, testInfo) => {
  const { email, url } = await dispatchedLink('Trademark renewal: ORCHARD');
  const onPhone = await newPage(browser, 'phone');
  await onPhone.goto(url);
  await onPhone.getByRole('button', { name: 'Open my tasks' }).click();
  await expect(onPhone.getByText('Trademark renewal: ORCHARD')).toBeVisible();

  const onComputer = await newPage(browser, 'desktop');
  await onComputer.goto(url);
  await expect(onComputer.getByTestId('link-state-declined')).toBeVisible();
  expect(await onComputer.content()).not.toContain('ORCHARD');
  await checkScreen(onComputer, testInfo, 'declined-desktop');
  const asked = Date.now();
  await onComputer.getByRole('button', { name: 'Send Access Link' }).click();
  await expect(onComputer.getByTestId('access-link-sent')).toContainText('•••@example.com');
  await checkScreen(onComputer, testInfo, 'access-link-sent-desktop');

  // A third browser asking at once is told how long to wait.
  const onTablet = await newPage(browser, 'phone');
  await onTablet.goto(url);
  await onTablet.getByRole('button', { name: 'Send Access Link' }).click();
  await expect(onTablet.getByTestId('retry-after')).toContainText(/another link in \d+ seconds?/);
  await expect(onTablet.getByRole('button', { name: 'Send Access Link' })).toBeDisabled();
  await checkScreen(onTablet, testInfo, 'access-link-throttled-phone');

  const mail = await waitForMail({ to: email, subjectIncludes: 'new access link', after: asked });
  const access = extractLink(mail, baseUrl());
  await onComputer.goto(access.url);
  await onComputer.getByRole('button', { name: 'Open my tasks' }).click();
  await expect(onComputer.getByText('Trademark renewal: ORCHARD')).toBeVisible();
  await checkScreen(onComputer, testInfo, 'task-list-desktop');

  // The phone lost the tasks at once.
  await onPhone.reload();
  await expect(onPhone.getByTestId('no-access')).toBeVisible();
  await checkScreen(onPhone, testInfo, 'no-access-phone');

  // ...and the task is completed on the computer.
  await onComputer.getByText('Trademark renewal: ORCHARD').click();
  const question = onComputer.getByTestId('request-item').filter({ hasText: 'Any comments?' });
  await question.getByLabel('Your answer').fill('None, thank you.');
  await question.getByRole('button', { name: 'Submit answer' }).click();
  await expect(question).toHaveAttribute('data-status', 'done');
  await onComputer.goto('/tasks');
  await expect(onComputer.getByTestId('task-item').filter({ hasText: 'ORCHARD' })).toHaveAttribute(
    'data-status',
    'completed',
  );
});

for (const size of ['phone', 'desktop'] as const) {
  test(`an expired link offers Send Access Link and log in (${size})`, async ({
    browser,
    request,
  }, testInfo) => {
    const { url } = await dispatchedLink('Opposition response');
    await request.post('/api/test/clock/advance', { data: { ms: 31 * 24 * 3_600_000 } });
    const page = await newPage(browser, size);
    await page.goto(url);
    await expect(page.getByTestId('link-state-expired')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send Access Link' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Log in' }).first()).toBeVisible();
    await checkScreen(page, testInfo, `expired-${size}`);
  });

  test(`an unknown or purged link says so (${size})`, async ({ browser }, testInfo) => {
    const page = await newPage(browser, size);
    await page.goto(`/l/${randomBytes(32).toString('base64url')}`);
    await expect(page.getByTestId('link-state-unknown')).toBeVisible();
    await expect(page.getByRole('button')).toHaveCount(0);
    await checkScreen(page, testInfo, `unknown-${size}`);
  });

  test(`the link page, before anyone presses its button (${size})`, async ({
    browser,
  }, testInfo) => {
    const { url } = await dispatchedLink('Evidence of use');
    const page = await newPage(browser, size);
    await page.goto(url);
    await expect(page.getByTestId('link-state-ready')).toBeVisible();
    await page.keyboard.press('Tab');
    await checkScreen(page, testInfo, `landing-${size}`);
  });
}
