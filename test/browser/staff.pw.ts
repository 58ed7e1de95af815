// Issue 12 in a real Chromium: staff sign in to the /staff workspace (a cookie session), the
// inbox shows a task the client answered in a second browser, opening it marks it read and
// shows the client's page; sign-out. axe and no sideways scrolling on every screen, at phone
// and desktop sizes.
import { randomBytes } from 'node:crypto';
import type { Page, TestInfo } from '@playwright/test';
import { sendTask } from './support/api';
import { expect, test } from './support/fixtures';
import { checkScreenAtSizes } from './support/screens';

const ADMIN = {
  username: process.env.E2E_ADMIN_USERNAME ?? 'admin',
  password: process.env.E2E_ADMIN_PASSWORD ?? 'admin-password-for-tests-123',
};

/** axe, then a sideways check and a screenshot at phone and at desktop size. */
function checkScreen(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  return checkScreenAtSizes(page, name, (size) => testInfo.outputPath(`staff-${name}-${size}.png`));
}

test('staff sign in, see the client answer in the inbox, open the client page', async ({
  device,
}, testInfo) => {
  const name = `Harbour Lights ${randomBytes(3).toString('hex')}`;
  const { url, task, client } = await sendTask(
    {
      title: `Trademark filing: ${name}`,
      requests: [{ kind: 'question', prompt: 'Which goods will you sell under the mark?' }],
    },
    { label: 'harbour', name },
  );

  // Staff: the workspace asks for a sign-in first and comes back afterwards.
  const staff = await device('desktop');
  await staff.goto('/staff/clients');
  await expect(staff).toHaveURL(/\/staff\/sign-in\?next=/);
  await expect(staff.getByTestId('staff-sign-in')).toBeVisible();
  await checkScreen(staff, testInfo, 'sign-in');
  await staff.getByLabel('Username').fill(ADMIN.username);
  await staff.getByLabel('Password').fill('not the password at all');
  await staff.getByTestId('staff-sign-in-submit').click();
  await expect(staff.getByTestId('staff-sign-in-error')).toBeVisible();
  await checkScreen(staff, testInfo, 'sign-in-error');
  await staff.getByLabel('Password').fill(ADMIN.password);
  // Keyboard: Enter submits the form.
  await staff.getByLabel('Password').press('Enter');
  await expect(staff).toHaveURL(/\/staff\/clients$/);
  await expect(staff.getByTestId('staff-firm-name')).toContainText('Staff workspace');
  await staff.getByTestId('clients-search').fill(name);
  await staff.getByTestId('clients-search').press('Enter');
  await expect(staff.getByTestId('clients-item')).toHaveCount(1);
  await checkScreen(staff, testInfo, 'clients');

  // The session is an HttpOnly cookie of its own; no token reaches the page.
  const cookies = await staff.context().cookies();
  const session = cookies.find((c) => c.name === 'cp_staff');
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  expect(await staff.evaluate(() => document.cookie)).not.toContain('cp_staff');

  // Inbox before the client acts: the task waits, not opened.
  await staff.getByTestId('staff-nav-inbox').click();
  await expect(staff).toHaveURL(/\/staff\/inbox$/);
  await staff.getByTestId('inbox-search').fill(task.reference);
  await staff.getByTestId('inbox-search').press('Enter');
  await staff.getByTestId('inbox-view-not_opened').click();
  await expect(staff.getByTestId(`inbox-open-${task.reference}`)).toBeVisible();
  await checkScreen(staff, testInfo, 'inbox-waiting');

  // The client answers in a second browser (a phone).
  const phone = await device('phone');
  await phone.goto(url);
  await phone.getByRole('button', { name: 'Open my tasks' }).click();
  await expect(phone).toHaveURL(/\/tasks$/);
  await phone.getByText(`Trademark filing: ${name}`).click();
  const question = phone.getByTestId('request-item').filter({ hasText: 'Which goods' });
  await question.getByLabel('Your answer').fill('Lamps and lanterns');
  await question.getByRole('button', { name: 'Submit answer' }).click();
  await question.getByRole('button', { name: 'Yes, send my answer' }).click();
  await expect(question).toHaveAttribute('data-status', 'done');

  // Staff: the task now needs the firm, unread, with a new answer.
  await staff.getByTestId('inbox-view-needs_firm').click();
  const row = staff.getByTestId('inbox-item').filter({ hasText: task.reference });
  await expect(row).toBeVisible();
  await expect(row.getByTestId('inbox-unread')).toBeVisible();
  await expect(row).toContainText('New answer');
  await expect(staff.getByTestId('inbox-count-needs_firm')).not.toHaveText('0');
  await checkScreen(staff, testInfo, 'inbox-needs-firm');

  // Opening it shows the task view (which marks it read); its client link shows the client's
  // page with the task.
  await staff.getByTestId(`inbox-open-${task.reference}`).click();
  await expect(staff).toHaveURL(new RegExp(`/staff/clients/${client.id}/tasks/${task.id}$`));
  await expect(staff.getByTestId('staff-task-title')).toHaveText(`Trademark filing: ${name}`);
  await staff.getByTestId('staff-task-client').click();
  await expect(staff).toHaveURL(new RegExp(`/staff/clients/${client.id}\\?task=`));
  await expect(staff.getByTestId('client-page-name')).toHaveText(name);
  await expect(staff.getByTestId(`client-task-${task.reference}`)).toHaveAttribute(
    'aria-current',
    'true',
  );
  await expect(staff.getByTestId('client-audit')).toBeVisible();
  await checkScreen(staff, testInfo, 'client-page');
  await staff.getByTestId('staff-nav-inbox').click();
  await staff.getByTestId('inbox-search').fill(task.reference);
  await staff.getByTestId('inbox-search').press('Enter');
  await staff.getByTestId('inbox-view-all').click();
  await expect(
    staff.getByTestId('inbox-item').filter({ hasText: task.reference }).getByTestId('inbox-unread'),
  ).toHaveCount(0);

  // The phone (a client) is refused by the workspace's API and sent to the staff sign-in.
  await phone.goto('/staff/inbox');
  await expect(phone).toHaveURL(/\/staff\/sign-in/);
  await checkScreen(phone, testInfo, 'sign-in-phone');

  // Sign out ends the session.
  await staff.getByTestId('staff-sign-out').click();
  await expect(staff).toHaveURL(/\/staff\/sign-in$/);
  await staff.goto('/staff/inbox');
  await expect(staff).toHaveURL(/\/staff\/sign-in\?next=/);
});
