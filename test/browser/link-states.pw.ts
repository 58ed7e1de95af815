// Issue 3's portal screens in a real Chromium: declined → Send Access Link → the tasks move to
// the computer and the phone loses them; the throttled wait; expired; unknown; a truncated link.
import { randomBytes } from 'node:crypto';
import type { Page, TestInfo } from '@playwright/test';
import { baseUrl, extractLink, sendTask, waitForMail } from './support/api';
import { expect, test } from './support/fixtures';
import { checkScreen as check } from './support/screens';

function checkScreen(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  return check(page, name, testInfo.outputPath(`${name}.png`));
}

function dispatchedLink(title: string): ReturnType<typeof sendTask> {
  return sendTask({ title, requests: [{ kind: 'question', prompt: 'Any comments?' }] });
}

test.afterEach(async ({ request }) => {
  await request.delete('/api/test/clock');
});

test('opened on a phone, then moved to a computer with Send Access Link and completed there', async ({
  device,
}, testInfo) => {
  const { email, url } = await dispatchedLink('Trademark renewal: ORCHARD');
  const onPhone = await device('phone');
  await onPhone.goto(url);
  await onPhone.getByRole('button', { name: 'Open my tasks' }).click();
  await expect(onPhone.getByText('Trademark renewal: ORCHARD')).toBeVisible();

  const onComputer = await device('desktop');
  await onComputer.goto(url);
  await expect(onComputer.getByTestId('link-state-declined')).toBeVisible();
  expect(await onComputer.content()).not.toContain('ORCHARD');
  await checkScreen(onComputer, testInfo, 'declined-desktop');
  const asked = Date.now();
  await onComputer.getByRole('button', { name: 'Send Access Link' }).click();
  await expect(onComputer.getByTestId('access-link-sent')).toContainText('•••@example.com');
  await checkScreen(onComputer, testInfo, 'access-link-sent-desktop');

  // A third browser asking at once is told how long to wait.
  const onTablet = await device('phone');
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
  // Issue 13: and it says why, and when (on purpose: no longer "No access on this browser").
  await expect(onPhone.getByTestId('moved-message')).toContainText(
    'Your tasks were moved to another device on',
  );
  await checkScreen(onPhone, testInfo, 'no-access-phone');

  // ...and the task is completed on the computer.
  await onComputer.getByText('Trademark renewal: ORCHARD').click();
  const question = onComputer.getByTestId('request-item').filter({ hasText: 'Any comments?' });
  await question.getByLabel('Your answer').fill('None, thank you.');
  await question.getByRole('button', { name: 'Submit answer' }).click();
  await question.getByRole('button', { name: 'Yes, send my answer' }).click();
  await expect(question).toHaveAttribute('data-status', 'done');
  await onComputer.goto('/tasks');
  await expect(onComputer.getByTestId('task-item').filter({ hasText: 'ORCHARD' })).toHaveAttribute(
    'data-status',
    'completed',
  );
});

for (const size of ['phone', 'desktop'] as const) {
  test(`an expired link offers Send Access Link and log in (${size})`, async ({
    device,
    request,
  }, testInfo) => {
    const { url } = await dispatchedLink('Opposition response');
    await request.post('/api/test/clock/advance', { data: { ms: 31 * 24 * 3_600_000 } });
    const page = await device(size);
    await page.goto(url);
    await expect(page.getByTestId('link-state-expired')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send Access Link' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Log in' }).first()).toBeVisible();
    await checkScreen(page, testInfo, `expired-${size}`);
  });

  test(`an unknown or purged link says so (${size})`, async ({ device }, testInfo) => {
    const page = await device(size);
    await page.goto(`/l/${randomBytes(32).toString('base64url')}`);
    await expect(page.getByTestId('link-state-unknown')).toBeVisible();
    await expect(page.getByRole('button')).toHaveCount(0);
    await checkScreen(page, testInfo, `unknown-${size}`);
  });

  test(`a link cut short in the e-mail gives the unknown-link advice, not an error (${size})`, async ({
    device,
    request,
  }, testInfo) => {
    const { url, token } = await dispatchedLink('Truncated link');
    const truncated = url.slice(0, url.length - token.length + 20);
    const page = await device(size);
    // The API refuses the malformed token with 422 naming the token field...
    const refused = await request.post('/api/links/status', {
      data: { token: token.slice(0, 20) },
    });
    expect(refused.status()).toBe(422);
    expect(Object.keys(((await refused.json()) as { fields?: object }).fields ?? {})).toContain(
      'token',
    );
    // ...and that is the answer the page gets.
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/links/status'));
    await page.goto(truncated);
    expect((await answered).status()).toBe(422);
    await expect(page.getByTestId('link-state-unknown')).toContainText(
      'Check you opened the whole link from your e-mail',
    );
    await expect(page.getByText("We couldn't check your link")).toHaveCount(0);
    await expect(page.getByRole('button')).toHaveCount(0);
    await checkScreen(page, testInfo, `truncated-${size}`);

    // The whole link still works: nothing was used by the truncated one.
    await page.goto(url);
    await expect(page.getByTestId('link-state-ready')).toBeVisible();
  });

  test(`the link page, before anyone presses its button (${size})`, async ({
    device,
  }, testInfo) => {
    const { url } = await dispatchedLink('Evidence of use');
    const page = await device(size);
    await page.goto(url);
    await expect(page.getByTestId('link-state-ready')).toBeVisible();
    await page.keyboard.press('Tab');
    await checkScreen(page, testInfo, `landing-${size}`);
  });
}
