// Issue 12 items 4 and 8 in a real Chromium: the template library (create with validation,
// search, use), compose and send from a template to a client (the mail reaches the client's
// address once, though Send was double-clicked: one Idempotency-Key per form), "New task" from a
// client's page, and bulk send to three clients picked from the list (one skipped: it already has
// that task open) and from a CSV (one row refused), with per-row results. axe and no sideways
// scrolling on every screen, at phone and desktop sizes.
import { randomBytes } from 'node:crypto';
import type { Page, TestInfo } from '@playwright/test';
import type { ClientView, TaskSummary, TaskTemplateView } from '@app/contracts';
import { baseUrl, createClient, mailsTo, staffLogin, waitForMail } from './support/api';
import { expect, test } from './support/fixtures';
import { checkScreenAtSizes } from './support/screens';

const ADMIN = {
  username: process.env.E2E_ADMIN_USERNAME ?? 'admin',
  password: process.env.E2E_ADMIN_PASSWORD ?? 'admin-password-for-tests-123',
};

function checkScreen(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  return checkScreenAtSizes(page, name, (size) =>
    testInfo.outputPath(`compose-${name}-${size}.png`),
  );
}

async function api<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Opens a workspace page: the sign-in comes first and brings the page back. */
async function signInAt(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page).toHaveURL(/\/staff\/sign-in\?next=/);
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByTestId('staff-sign-in-submit').click();
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[?]/g, '\\?')}$`));
}

test('create a template, compose from it and send once on a double click', async ({
  device,
}, testInfo) => {
  const tag = randomBytes(3).toString('hex');
  const { token } = await staffLogin();
  const email = `compose.${tag}@example.com`;
  const client = await createClient(token, { email, name: `Marlow Tea ${tag}` });
  const templateName = `Specimen of use ${tag}`;

  const staff = await device('desktop');
  await signInAt(staff, '/staff/templates');
  await expect(staff.getByTestId('templates-loading')).toHaveCount(0);
  await checkScreen(staff, testInfo, 'templates');

  // A new template: refused while empty, then saved with two requests, reordered.
  await staff.getByTestId('templates-new').click();
  await expect(staff.getByLabel('Name in the library')).toBeFocused();
  await staff.getByTestId('template-save').click();
  await expect(staff.getByTestId('template-error')).toBeVisible();
  await expect(staff.getByTestId('template-form')).toContainText(
    'Please give the template a name.',
  );
  await checkScreen(staff, testInfo, 'template-form-errors');
  await staff.getByLabel('Name in the library').fill(templateName);
  await staff.getByLabel('Task title (the client sees it)').fill(`Specimen of use: ${tag}`);
  await staff.getByLabel('Description (optional)').fill('We need proof the mark is in use.');
  await staff.getByLabel('Due in days (optional)').fill('14');
  await staff.getByLabel('Request 1: what to ask').fill('Where is the mark used today?');
  await staff.getByTestId('template-add-document').click();
  await staff.getByLabel('Request 2: what to ask').fill('Upload a photo of the product label.');
  await staff.getByRole('button', { name: 'Move request 2 up' }).click();
  await expect(staff.getByLabel('Request 1: kind')).toHaveValue('document');
  await checkScreen(staff, testInfo, 'template-form');
  // Keyboard: Enter in a field saves the form.
  await staff.getByLabel('Due in days (optional)').press('Enter');
  await expect(staff.getByTestId('templates-notice')).toContainText(`"${templateName}" saved`);

  // The library finds it; "Use" opens compose with it filled in.
  await staff.getByTestId('templates-search').fill(tag);
  const item = staff.getByTestId('templates-item').filter({ hasText: templateName });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('1 question, 1 document');
  await checkScreen(staff, testInfo, 'templates-list');
  await item.getByTestId('template-use').click();
  await expect(staff).toHaveURL(/\/staff\/compose\?templateId=/);
  await expect(staff.getByTestId('compose-title')).toHaveValue(`Specimen of use: ${tag}`);
  await expect(staff.getByLabel('Request 1: what to ask')).toHaveValue(
    'Upload a photo of the product label.',
  );
  await expect(staff.getByTestId('compose-due')).not.toHaveValue('');

  // Send without a client: asked to choose one. Then pick the client by search.
  await staff.getByTestId('compose-send').click();
  await expect(staff.getByTestId('compose-error')).toBeVisible();
  await staff.getByTestId('compose-client-search').fill(tag);
  await staff.getByTestId('compose-client-search').press('Enter');
  await staff.getByTestId(`compose-pick-${email}`).click();
  await expect(staff.getByTestId('compose-client')).toContainText(email);
  await expect(staff.getByTestId('compose-client-change')).toBeFocused();
  await checkScreen(staff, testInfo, 'compose');

  // A double click sends one request and one mail.
  const posts: string[] = [];
  staff.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/compose')) posts.push(r.url());
  });
  const after = Date.now() - 1000;
  await staff.getByTestId('compose-send').dblclick();
  const sent = staff.getByTestId('compose-sent');
  await expect(sent).toContainText(`Sent to Marlow Tea ${tag}: Specimen of use: ${tag}`);
  await expect(staff.getByTestId('compose-sent-task')).toHaveAttribute(
    'href',
    new RegExp(`/staff/clients/${client.id}/tasks/`),
  );
  await checkScreen(staff, testInfo, 'compose-sent');
  const mail = await waitForMail({ to: email, after });
  expect(mail.subject).toBeTruthy();
  const tasks = await api<TaskSummary[]>('GET', `/api/admin/clients/${client.id}/tasks`, token);
  expect(tasks.map((t) => t.title)).toEqual([`Specimen of use: ${tag}`]);
  expect(posts).toHaveLength(1);
  expect(await mailsTo(email)).toHaveLength(1);

  // From the client's page, "New task" opens compose for that client.
  await staff.getByTestId('staff-nav-clients').click();
  await staff.getByTestId('clients-search').fill(email);
  await staff.getByTestId('clients-search').press('Enter');
  await staff.getByTestId(`client-link-${email}`).click();
  await staff.getByTestId('client-new-task').click();
  await expect(staff).toHaveURL(new RegExp(`/staff/compose\\?clientId=${client.id}$`));
  await expect(staff.getByTestId('compose-client')).toContainText(email);
});

test('bulk send: three clients from the list with per-row results, then a CSV', async ({
  device,
}, testInfo) => {
  const tag = randomBytes(3).toString('hex');
  const { token } = await staffLogin();
  const template = await api<TaskTemplateView>('POST', '/api/admin/task-templates', token, {
    name: `Goods and services ${tag}`,
    title: `Goods and services: ${tag}`,
    requests: [{ kind: 'confirmation', prompt: 'Confirm the list of goods and services.' }],
    dueInDays: 10,
  });
  const clients: ClientView[] = [];
  for (const n of [1, 2, 3]) {
    clients.push(
      await createClient(token, { email: `bulk${n}.${tag}@example.com`, name: `Bulk ${tag} ${n}` }),
    );
  }
  // The first already has this task open: the bulk send skips it.
  await api('POST', `/api/admin/clients/${clients[0].id}/compose`, token, {
    templateId: template.id,
  });

  const staff = await device('desktop');
  await signInAt(staff, '/staff/bulk');
  await staff.getByTestId('bulk-template').selectOption({ label: template.name });
  await expect(staff.getByTestId('bulk-due')).not.toHaveValue('');
  await staff.getByTestId('bulk-client-search').fill(`Bulk ${tag}`);
  await staff.getByTestId('bulk-client-search').press('Enter');
  await staff.getByTestId(`bulk-pick-${clients[0].email}`).check();
  await staff.getByTestId(`bulk-pick-${clients[1].email}`).check();
  // Keyboard: Tab reaches the next checkbox and Space ticks it.
  await staff.getByTestId(`bulk-pick-${clients[1].email}`).press('Tab');
  await expect(staff.getByTestId(`bulk-pick-${clients[2].email}`)).toBeFocused();
  await staff.keyboard.press('Space');
  await expect(staff.getByTestId('bulk-chosen-count')).toHaveText('3 clients chosen');
  await checkScreen(staff, testInfo, 'bulk');
  const after = Date.now() - 1000;
  await staff.getByTestId('bulk-send').click();
  await expect(staff.getByTestId('bulk-summary')).toHaveText('2 sent, 1 skipped, 0 failed of 3');
  const rows = staff.getByTestId('bulk-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toHaveAttribute('data-status', 'skipped');
  await expect(rows.nth(0)).toContainText(clients[0].email);
  await expect(rows.nth(1)).toHaveAttribute('data-status', 'sent');
  await expect(rows.nth(2)).toHaveAttribute('data-status', 'sent');
  await checkScreen(staff, testInfo, 'bulk-results');
  await waitForMail({ to: clients[1].email, after });
  await waitForMail({ to: clients[2].email, after });

  // A CSV: previewed before sending; a new client is created, a bad row refused.
  await staff.getByTestId('bulk-again').click();
  await staff.getByTestId('bulk-mode-csv').check();
  const fresh = `csv.${tag}@example.com`;
  await staff
    .getByTestId('bulk-csv-text')
    .fill(`email,name\n${fresh},Csv Client ${tag}\nnot-an-address,Nobody\n`);
  await expect(staff.getByTestId('bulk-csv-row')).toHaveCount(2);
  await expect(staff.getByTestId('bulk-csv-preview')).toContainText('Not a valid e-mail address.');
  await checkScreen(staff, testInfo, 'bulk-csv');
  await staff.getByTestId('bulk-send').click();
  await expect(staff.getByTestId('bulk-summary')).toHaveText('1 sent, 0 skipped, 1 failed of 2');
  await expect(staff.getByTestId('bulk-row').nth(0)).toContainText('New client');
  await expect(staff.getByTestId('bulk-row').nth(1)).toHaveAttribute('data-status', 'failed');
  await waitForMail({ to: fresh, after });
});
