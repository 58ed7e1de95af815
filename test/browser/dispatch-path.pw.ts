// Issue 2's path in a real Chromium: staff dispatch → real e-mail → link page → one button →
// the task list; the same browser comes back; another browser is declined without task data.
import { expect, test } from '@playwright/test';
import { baseUrl, sendTask } from './support/api';
import { expectAccessible } from './support/a11y';
import { desktop, phone } from './support/devices';

test('a task dispatched by staff is opened from the e-mail link on a phone, once', async ({
  browser,
  request,
}, testInfo) => {
  const { url, token } = await sendTask(
    {
      title: 'Trademark filing: NORTHWIND',
      requests: [{ kind: 'question', prompt: 'Which goods will you sell?' }],
    },
    { label: 'jane', name: 'Jane Doe' },
  );

  // A mail scanner fetches the link first: the page is served, nothing is used.
  for (let i = 0; i < 3; i++) {
    const scan = await request.get(url);
    expect(scan.status()).toBe(200);
    expect(scan.headers()['referrer-policy']).toBe('no-referrer');
  }
  expect((await request.head(url)).status()).toBe(200);

  const phoneContext = await browser.newContext({ ...phone, baseURL: baseUrl() });
  const page = await phoneContext.newPage();
  await page.goto(url);
  await expect(page.getByTestId('link-state-ready')).toBeVisible();
  await expect(page.getByTestId('masked-email')).toHaveText('j•••@example.com');
  await expect(page).toHaveURL(/\/l$/);
  expect(page.url()).not.toContain(token);
  // Opening the page (scripts included) used nothing: the link is still ready for anyone.
  const status = await request.post('/api/links/status', { data: { token } });
  expect((await status.json()).state).toBe('ready');
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath('link-landing-phone.png'), fullPage: true });

  await page.getByRole('button', { name: 'Open my tasks' }).click();
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByTestId('task-item')).toHaveCount(1);
  await expect(page.getByText('Trademark filing: NORTHWIND')).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath('task-list-phone.png'), fullPage: true });

  // The same browser comes back: the link goes straight to its tasks.
  await page.goto(url);
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByText('Trademark filing: NORTHWIND')).toBeVisible();
  await page.getByText('Trademark filing: NORTHWIND').click();
  await expect(page.getByTestId('task-detail')).toContainText('Which goods will you sell?');

  // Any other browser is declined, on a page that carries no task data.
  const laptop = await browser.newContext({ ...desktop, baseURL: baseUrl() });
  const other = await laptop.newPage();
  await other.goto(url);
  await expect(other.getByTestId('link-state-declined')).toBeVisible();
  await expect(other.getByRole('button', { name: 'Send Access Link' })).toBeVisible();
  await expect(other.getByRole('button')).toHaveCount(1);
  expect(await other.content()).not.toContain('NORTHWIND');
  await expectAccessible(other);
  await other.screenshot({ path: testInfo.outputPath('declined-desktop.png'), fullPage: true });
  await other.goto('/tasks');
  await expect(other.getByTestId('no-access')).toBeVisible();

  await phoneContext.close();
  await laptop.close();
});
