// Issue 12 in a real Chromium: the admin pages and "my settings". An admin creates a staff user,
// an integration token (shown once) and a webhook whose receiver is a local server in this test;
// a task sent through the API reaches it, the delivery log shows it and replays it (same delivery
// id, fresh signature). A `staff` user sees no admin links, is told on an admin URL that only
// administrators may go there, and saves their notification setting. axe and no sideways
// scrolling on every screen, at phone and desktop sizes.
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page, TestInfo } from '@playwright/test';
import { baseUrl, sendTask, staffLogin } from './support/api';
import { expect, test } from './support/fixtures';
import { checkScreenAtSizes } from './support/screens';

const ADMIN = {
  username: process.env.E2E_ADMIN_USERNAME ?? 'admin',
  password: process.env.E2E_ADMIN_PASSWORD ?? 'admin-password-for-tests-123',
};

function checkScreen(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  return checkScreenAtSizes(page, name, (size) =>
    testInfo.outputPath(`staff-admin-${name}-${size}.png`),
  );
}

/** Signs in through the workspace's form, starting from `path` (the sign-in comes back to it). */
async function signIn(page: Page, path: string, who: { username: string; password: string }) {
  await page.goto(path);
  await expect(page).toHaveURL(/\/staff\/sign-in\?next=/);
  await page.getByLabel('Username').fill(who.username);
  await page.getByLabel('Password').fill(who.password);
  await page.getByLabel('Password').press('Enter');
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on a free local port: answers 200 and keeps what it got. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}/hooks/${randomBytes(4).toString('hex')}`,
    received,
  };
}

test('an admin manages staff users, an integration token and a webhook with its delivery log', async ({
  device,
}, testInfo) => {
  const receiver = await startReceiver();
  try {
    const admin = await device('desktop');
    await signIn(admin, '/staff/admin/staff', ADMIN);
    await expect(admin).toHaveURL(/\/staff\/admin\/staff$/);
    await expect(admin.getByTestId('staff-users-list')).toBeVisible();

    // A new staff user: the API's password rule is said up front and enforced.
    const username = `paralegal${randomBytes(3).toString('hex')}`;
    await admin.getByTestId('staff-users-new').click();
    await admin.getByLabel('Username').fill(username);
    await admin.getByLabel('Display name').fill('Pat Legal');
    await admin.getByLabel('E-mail (optional)').fill(`${username}@firm.example`);
    await admin.getByLabel('Initial password').fill('short');
    await admin.getByTestId('staff-new-submit').click();
    await expect(admin.getByTestId('staff-new-error')).toBeVisible();
    await checkScreen(admin, testInfo, 'staff-users-error');
    await admin.getByLabel('Initial password').fill('a long and unusual passphrase');
    await admin.getByTestId('staff-new-submit').click();
    await expect(admin.getByTestId('staff-users-created')).toContainText(username);
    const row = admin.locator(`[data-username="${username}"]`);
    await expect(row).toContainText('Pat Legal');
    await expect(row).toContainText('Staff');
    await checkScreen(admin, testInfo, 'staff-users');
    // Disable after a confirmation, then enable again.
    await row.getByTestId('staff-disable').click();
    await row.getByTestId('staff-disable-confirm').click();
    await expect(row).toContainText('Disabled');
    await row.getByTestId('staff-enable').click();
    await expect(row.getByTestId('staff-disable')).toBeVisible();

    // An integration token: shown once, then revoked after a confirmation.
    await admin.getByTestId('staff-nav-admin-integrations').click();
    const tokenName = `Docketing ${randomBytes(2).toString('hex')}`;
    await admin.getByLabel('Integration name').fill(tokenName);
    await admin.getByTestId('token-create').click();
    await expect(admin.getByTestId('token-value')).not.toBeEmpty();
    await checkScreen(admin, testInfo, 'integrations-created');
    const tokenRow = admin.locator(`[data-name="${tokenName}"]`);
    await tokenRow.getByTestId('token-revoke').click();
    await tokenRow.getByTestId('token-revoke-confirm').click();
    await expect(tokenRow).toContainText('Revoked');

    // A webhook for task.sent, to the local receiver; the secret is shown once.
    await admin.getByTestId('staff-nav-admin-webhooks').click();
    await expect(admin.getByTestId('webhooks-loading')).toHaveCount(0);
    await admin.getByTestId('webhooks-new').click();
    await admin.getByLabel('URL', { exact: true }).fill(receiver.url);
    await admin.getByTestId('webhook-event-task.sent').check();
    // Keyboard: Enter in the URL field submits the form.
    await admin.getByLabel('URL', { exact: true }).press('Enter');
    const secret = (await admin.getByTestId('webhook-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_/);
    await checkScreen(admin, testInfo, 'webhooks-created');

    // A task sent through the API reaches the receiver, signed over "t.body".
    const { task } = await sendTask({
      title: 'Specimen of use',
      requests: [{ kind: 'question', prompt: 'Where is the mark used?' }],
    });
    const mine = (r: Received) =>
      (JSON.parse(r.body) as { data: { taskId: string } }).data.taskId === task.id;
    await expect.poll(() => receiver.received.filter(mine).length).toBe(1);
    const first = receiver.received.find(mine)!;
    const [t, v1] = String(first.headers['x-portal-signature'])
      .split(',')
      .map((p) => p.split('=')[1]);
    expect(createHmac('sha256', secret).update(`${t}.${first.body}`).digest('hex')).toBe(v1);
    const deliveryId = String(first.headers['x-portal-delivery']);

    // The delivery log shows it delivered; replay sends the same delivery again.
    const endpoint = admin.locator(`[data-url="${receiver.url}"]`);
    await endpoint.getByTestId('webhook-log').click();
    const delivery = endpoint.locator(`[data-delivery-id="${deliveryId}"]`);
    await expect(async () => {
      await endpoint.getByTestId('deliveries-refresh').click();
      await expect(delivery).toHaveAttribute('data-status', 'delivered', { timeout: 1000 });
    }).toPass();
    await checkScreen(admin, testInfo, 'webhook-deliveries');
    await delivery.getByTestId('delivery-replay').click();
    await expect(endpoint.getByTestId('delivery-replayed')).toBeVisible();
    await expect.poll(() => receiver.received.filter(mine).length).toBe(2);
    const again = receiver.received.filter(mine)[1];
    expect(again.headers['x-portal-delivery']).toBe(deliveryId);
    expect(again.body).toBe(first.body);

    // Pause it (edit), then remove it after a confirmation.
    await endpoint.getByTestId('webhook-edit').click();
    await endpoint.getByTestId('webhook-edit-active').uncheck();
    await endpoint.getByTestId('webhook-edit-save').click();
    await expect(endpoint).toContainText('Paused');
    await endpoint.getByTestId('webhook-delete').click();
    await endpoint.getByTestId('webhook-delete-confirm').click();
    await expect(endpoint).toHaveCount(0);
  } finally {
    await new Promise((resolve) => receiver.server.close(resolve));
  }
});

test('a staff user sees no admin pages and saves their own notification setting', async ({
  device,
}, testInfo) => {
  const staff = {
    username: `assistant${randomBytes(3).toString('hex')}`,
    password: 'another long unusual passphrase',
  };
  const { token } = await staffLogin();
  const created = await fetch(`${baseUrl()}/api/admin/staff`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ ...staff, role: 'staff' }),
  });
  expect(created.status).toBe(201);

  const page = await device('phone');
  await signIn(page, '/staff/admin/webhooks', staff);
  await expect(page.getByTestId('staff-admin-not-allowed')).toBeVisible();
  await expect(page).toHaveURL(/\/staff\/admin\/not-allowed/);
  await expect(page.getByTestId('staff-nav-inbox')).toBeVisible();
  await expect(page.getByTestId('staff-nav-admin-staff')).toHaveCount(0);
  await expect(page.getByTestId('staff-nav-admin-webhooks')).toHaveCount(0);
  await expect(page.getByTestId('staff-nav-admin-integrations')).toHaveCount(0);
  await checkScreen(page, testInfo, 'not-allowed');

  await page.getByTestId('staff-nav-settings').click();
  await expect(page.getByTestId('settings-no-email')).toBeVisible();
  await page.getByLabel('E-mail address').fill(`${staff.username}@firm.example`);
  await page.getByTestId('settings-profile-save').click();
  await expect(page.getByTestId('settings-profile-saved')).toBeVisible();
  await expect(page.getByTestId('settings-email')).toContainText(`${staff.username}@firm.example`);
  await page.getByTestId('settings-mode-immediate').check();
  await page.getByTestId('settings-mode-save').click();
  await expect(page.getByTestId('settings-mode-saved')).toContainText('Immediately');
  await checkScreen(page, testInfo, 'settings');
  await page.reload();
  await expect(page.getByTestId('settings-mode-immediate')).toBeChecked();
});
