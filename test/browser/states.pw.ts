// Issue 13 item 4 in a real Chromium: every state says what happened. A ready access link states
// its own minutes; a replaced access link is told apart from one not opened in time; the device
// the tasks moved away from says so and when (task pages and its own original link); creating a
// login ends on a confirmation; the sign-in page states the true way to a login. Item 5: the drop
// zone takes a dragged file on a computer, and the confirm step works from the keyboard. Each
// screen: axe, no sideways scrolling, screenshots at 390 and 1440 px.
import type { Page, TestInfo } from '@playwright/test';
import { baseUrl, extractLink, sendTask, waitForMail } from './support/api';
import { expect, test } from './support/fixtures';
import { checkScreenAtSizes } from './support/screens';

function checkScreen(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  return checkScreenAtSizes(page, name, (size) => testInfo.outputPath(`${name}-${size}.png`));
}

const MINUTE = 60_000;

test.afterEach(async ({ request }) => {
  await request.delete('/api/test/clock');
});

/** The phone opened the dispatch link; the laptop is declined and presses Send Access Link. */
async function laptopAsks(device: (size: 'phone' | 'desktop') => Promise<Page>, title: string) {
  const sent = await sendTask({ title, requests: [{ kind: 'question', prompt: 'Any comments?' }] });
  const phone = await device('phone');
  await phone.goto(sent.url);
  await phone.getByRole('button', { name: 'Open my tasks' }).click();
  await expect(phone.getByText(title)).toBeVisible();
  const laptop = await device('desktop');
  await laptop.goto(sent.url);
  await expect(laptop.getByTestId('link-state-declined')).toBeVisible();
  const asked = Date.now();
  await laptop.getByRole('button', { name: 'Send Access Link' }).click();
  await expect(laptop.getByTestId('access-link-sent')).toBeVisible();
  const mail = await waitForMail({
    to: sent.email,
    subjectIncludes: 'new access link',
    after: asked,
  });
  return { ...sent, phone, laptop, access: extractLink(mail, baseUrl()) };
}

test('an access link states its own minutes; a replaced one says a newer link was sent', async ({
  device,
  request,
}, testInfo) => {
  const { phone, laptop, access, email, url } = await laptopAsks(device, 'Renewal: MERIDIAN');

  // Ready, in the browser that asked: until when, and its 60 minutes (not the 30 days).
  await laptop.goto(access.url);
  const until = laptop.getByTestId('link-works-until');
  await expect(until).toContainText('(60 minutes after it was sent).');
  await expect(until).not.toContainText('30 days');
  await checkScreen(laptop, testInfo, 'access-link-ready');

  // A newer access link replaces it.
  await request.post('/api/test/clock/advance', { data: { ms: 2 * MINUTE } });
  await laptop.goto(url);
  const asked = Date.now();
  await laptop.getByRole('button', { name: 'Send another link' }).click();
  await expect(laptop.getByTestId('access-link-sent')).toBeVisible();
  const newer = extractLink(
    await waitForMail({ to: email, subjectIncludes: 'new access link', after: asked }),
    baseUrl(),
  );
  // The old link on another browser: replaced, with what to do.
  await phone.goto(access.url);
  await expect(phone.getByRole('heading', { name: 'A newer link was sent' })).toBeVisible();
  await expect(phone.getByTestId('expired-message')).toContainText(
    'This link was replaced by a newer one',
  );
  await expect(phone.getByText('has expired')).toHaveCount(0);
  await checkScreen(phone, testInfo, 'access-link-replaced');
  // The old link in the browser that asked: it waits for the newer one, and says so.
  await laptop.goto(access.url);
  await expect(laptop.getByTestId('replaced-note')).toContainText('A newer link was sent');

  // Not opened within its hour: expired, with its own 60 minutes.
  await request.post('/api/test/clock/advance', { data: { ms: 61 * MINUTE } });
  await laptop.goto(newer.url);
  await expect(laptop.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
  await expect(laptop.getByTestId('expired-message')).toContainText(
    'A link from Send Access Link works for 60 minutes after it is sent',
  );
  await expect(laptop.getByTestId('expired-message')).not.toContainText('30 days');
  await checkScreen(laptop, testInfo, 'access-link-expired');
});

test('the device the tasks moved away from says so and when, on its task pages and its own link', async ({
  device,
}, testInfo) => {
  const { phone, laptop, access, url } = await laptopAsks(device, 'Opposition: HALCYON');
  await laptop.goto(access.url);
  await laptop.getByRole('button', { name: 'Open my tasks' }).click();
  await expect(laptop.getByText('Opposition: HALCYON')).toBeVisible();

  // The phone's task list.
  await phone.goto('/tasks');
  const moved = phone.getByTestId('moved-message');
  await expect(moved).toContainText(/Your tasks were moved to another device on \d{1,2} \w+ \d{4}/);
  await expect(moved).toContainText('Send Access Link to bring them here.');
  await expect(phone.getByText('No access on this browser')).toHaveCount(0);
  await checkScreen(phone, testInfo, 'moved-away-tasks');

  // The phone reopens its own original link: moved, not "used on another device".
  await phone.goto(url);
  await expect(
    phone.getByRole('heading', { name: 'Your tasks were moved to another device' }),
  ).toBeVisible();
  await expect(phone.getByTestId('moved-message')).toContainText(
    'Send Access Link to bring them here.',
  );
  await expect(phone.getByText('used on another device')).toHaveCount(0);
  await expect(phone.getByRole('button', { name: 'Send Access Link' })).toBeVisible();
  await checkScreen(phone, testInfo, 'moved-away-link');

  // Any other browser learns nothing of any device.
  const stranger = await device('phone');
  await stranger.goto(url);
  await expect(stranger.getByTestId('link-state-declined')).toBeVisible();
  await expect(stranger.getByTestId('moved-message')).toHaveCount(0);
  await stranger.goto('/tasks');
  await expect(stranger.getByText('No access on this browser')).toBeVisible();
});

test('creating a login ends on a confirmation; the sign-in page states the true way to one', async ({
  device,
}, testInfo) => {
  // A browser without tasks: the sign-in page says where a login is created, with no circle.
  const stranger = await device('phone');
  await stranger.goto('/account/login');
  const noLogin = stranger.getByTestId('create-login-unavailable');
  await expect(noLogin).toContainText('A login is created in a browser that has your tasks open');
  await expect(noLogin).toContainText('Send Access Link');
  await checkScreen(stranger, testInfo, 'sign-in-no-login-yet');

  const { url, email } = await sendTask(
    { title: 'Filing: TALISMAN', requests: [{ kind: 'question', prompt: 'Class?' }] },
    { label: 'login' },
  );
  const page = await device('desktop');
  await page.goto(url);
  await page.getByRole('button', { name: 'Open my tasks' }).click();
  await expect(page.getByText('Filing: TALISMAN')).toBeVisible();
  await page.goto('/account/login');
  await page.getByTestId('create-login-link').click();
  await page.getByLabel('E-mail address used for your order').fill(email);
  const username = `states.${Date.now().toString(36)}`;
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('a long and quiet pass phrase');
  await page.getByRole('button', { name: 'Create my login' }).click();
  await expect(page.getByRole('heading', { name: 'Your login is ready' })).toBeFocused();
  await expect(page.getByTestId('create-login-done')).toContainText(
    `You are now logged in as ${username}`,
  );
  await checkScreen(page, testInfo, 'login-created');
  await page.getByRole('link', { name: 'Go to my tasks' }).click();
  await expect(page.getByText('Filing: TALISMAN')).toBeVisible();
});

test('the drop zone takes a dragged file; the confirm step works from the keyboard', async ({
  device,
}, testInfo) => {
  const { url } = await sendTask({
    title: 'Evidence of use: LODESTAR',
    requests: [{ kind: 'document', prompt: 'Upload a photo of the product.' }],
  });
  const page = await device('desktop');
  await page.goto(url);
  await page.getByRole('button', { name: 'Open my tasks' }).click();
  await page.getByText('Evidence of use: LODESTAR').click();
  const request = page.getByTestId('request-item');
  const zone = request.getByTestId('drop-zone');
  await expect(zone).toBeVisible();
  // At least 8rem tall, as wide as the card: easy to hit.
  const box = await zone.boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(120);

  // Drag a file in from the desktop.
  const transfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    const bytes = new TextEncoder().encode('%PDF-1.7\n' + ' '.repeat(500));
    dt.items.add(new File([bytes], 'Product photo.pdf', { type: 'application/pdf' }));
    return dt;
  });
  await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
  await expect(zone).toHaveClass(/dragging/);
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
  await expect(request.getByTestId('upload-note')).toContainText('Product photo.pdf was uploaded');
  await expect(request.getByTestId('document-item')).toHaveCount(1);

  // The submit and its confirm step, by keyboard alone.
  await request.getByRole('button', { name: 'Submit 1 file' }).focus();
  await page.keyboard.press('Enter');
  const send = request.getByRole('button', { name: 'Yes, submit 1 file' });
  await expect(send).toBeFocused();
  await expect(request.getByRole('alert')).toContainText(
    "You won't be able to remove, replace or add files after sending. Send 1 file?",
  );
  await checkScreen(page, testInfo, 'confirm-files');
  await page.keyboard.press('Enter');
  await expect(request).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('task-finished')).toContainText('What happens next');
});
