// Issue 2's path in a real Chromium: staff dispatch → real e-mail → link page → one button →
// the task list; the same browser comes back; another browser is declined without task data.
import { sendTask } from './support/api';
import { expect, test } from './support/fixtures';
import { checkScreen } from './support/screens';

test('a task dispatched by staff is opened from the e-mail link on a phone, once', async ({
  device,
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

  const page = await device('phone');
  await page.goto(url);
  await expect(page.getByTestId('link-state-ready')).toBeVisible();
  await expect(page.getByTestId('masked-email')).toHaveText('j•••@example.com');
  await expect(page).toHaveURL(/\/l$/);
  expect(page.url()).not.toContain(token);
  // Opening the page (scripts included) used nothing: the link is still ready for anyone.
  const status = await request.post('/api/links/status', { data: { token } });
  expect((await status.json()).state).toBe('ready');
  await checkScreen(page, 'link landing', testInfo.outputPath('link-landing-phone.png'));

  await page.getByRole('button', { name: 'Open my tasks' }).click();
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByTestId('task-item')).toHaveCount(1);
  await expect(page.getByText('Trademark filing: NORTHWIND')).toBeVisible();
  await checkScreen(page, 'task list', testInfo.outputPath('task-list-phone.png'));

  // The same browser comes back: the link goes straight to its tasks.
  await page.goto(url);
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByText('Trademark filing: NORTHWIND')).toBeVisible();
  await page.getByText('Trademark filing: NORTHWIND').click();
  await expect(page.getByTestId('task-detail')).toContainText('Which goods will you sell?');

  // Any other browser is declined, on a page that carries no task data.
  const other = await device('desktop');
  await other.goto(url);
  await expect(other.getByTestId('link-state-declined')).toBeVisible();
  await expect(other.getByRole('button', { name: 'Send Access Link' })).toBeVisible();
  await expect(other.getByRole('button')).toHaveCount(1);
  expect(await other.content()).not.toContain('NORTHWIND');
  await checkScreen(other, 'declined', testInfo.outputPath('declined-desktop.png'));
  await other.goto('/tasks');
  await expect(other.getByTestId('no-access')).toBeVisible();
});
