// Issue 12 item 5 in a real Chromium: the staff task view. A client answered a question,
// uploaded a document, declined a confirmation and wrote (through the API from its own browser);
// staff see it all, download the document, request changes with the keyboard, reply, move the
// due date and cancel the task after confirming. The loading, error and not-found states. axe and
// no sideways scrolling at phone and desktop sizes on every screen.
import { randomUUID } from 'node:crypto';
import type { Page, TestInfo } from '@playwright/test';
import { sendTask } from './support/api';
import { expect, test } from './support/fixtures';
import { checkScreenAtSizes } from './support/screens';
import { clientActs, requestOf, signInStaff } from './support/staff-task';

function checkScreen(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  return checkScreenAtSizes(page, name, (size) =>
    testInfo.outputPath(`staff-task-${name}-${size}.png`),
  );
}

test('staff read the answers, download, request changes, reply and cancel', async ({
  device,
}, testInfo) => {
  const name = `Juniper Row ${randomUUID().slice(0, 6)}`;
  const { task, client, token } = await sendTask(
    {
      title: `Renewal: ${name}`,
      dueDate: '2030-12-06',
      requests: [
        { kind: 'question', prompt: 'Which classes should we renew?' },
        { kind: 'document', prompt: 'Upload the signed power of attorney' },
        { kind: 'confirmation', prompt: 'Confirm the owner address: 1 Mill Lane' },
      ],
    },
    { label: 'juniper', name },
  );
  const phone = await device('phone');
  const acts = clientActs(phone, task.id);
  await acts.redeem(token);
  await acts.answer(requestOf(task, 'Which classes'), 'Classes 9 and 42');
  await acts.upload(requestOf(task, 'Upload the signed'), 'Power of attorney.pdf');
  await acts.decline(requestOf(task, 'Confirm the owner'), 'We moved to 4 Dock Road.');
  await acts.write('Is the renewal fee the same as last year?');

  const staff = await device('desktop');
  await signInStaff(staff);
  await staff.goto(`/staff/clients/${client.id}/tasks/${task.id}`);
  await expect(staff.getByTestId('staff-task-title')).toHaveText(`Renewal: ${name}`);
  await expect(staff.getByTestId('staff-task-client')).toHaveText(name);
  // A declined confirmation: the task needs the firm, never "Completed" or "Done".
  await expect(staff.getByTestId('staff-task-status')).toHaveText('Needs the firm');
  await expect(staff.getByTestId('staff-task-due')).toHaveText('6 December 2030');
  // Made through the API without an owner (compose sets one: staff-story.pw.ts).
  await expect(staff.getByTestId('staff-task-owner')).toHaveText('Nobody');
  const requests = staff.getByTestId('staff-request');
  const question = requests.filter({ hasText: 'Which classes' });
  const documents = requests.filter({ hasText: 'power of attorney' });
  const confirmation = requests.filter({ hasText: 'Confirm the owner' });
  await expect(question.getByTestId('staff-request-answer')).toContainText('Classes 9 and 42');
  await expect(question.getByTestId('staff-request-status')).toHaveText('Answered');
  await expect(confirmation.getByTestId('staff-request-status')).toHaveText(
    'Declined: needs the firm',
  );
  await expect(confirmation.getByTestId('staff-request-answer')).toContainText(
    "Declined. The client's note: We moved to 4 Dock Road.",
  );
  const message = staff.getByTestId('staff-message');
  await expect(message).toHaveCount(1);
  await expect(message.getByTestId('staff-message-author')).toHaveText(name);

  // The document downloads with the workspace's cookie.
  const link = documents.getByTestId('staff-document-download');
  await expect(link).toHaveText('Power of attorney.pdf');
  const file = await staff.request.get((await link.getAttribute('href'))!);
  expect(file.status()).toBe(200);
  expect((await file.body()).subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
  await checkScreen(staff, testInfo, 'answered');

  // Request changes with the keyboard: the note is required; focus lands on the reopened request.
  await question.getByTestId('staff-request-changes').focus();
  await staff.keyboard.press('Enter');
  const note = question.getByTestId('staff-change-note');
  await expect(note).toBeFocused();
  await staff.keyboard.press('Tab');
  await staff.keyboard.press('Enter');
  await expect(question.getByTestId('staff-change-error')).toHaveText(
    'Please write what the client should change.',
  );
  await expect(note).toBeFocused();
  await checkScreen(staff, testInfo, 'change-note-missing');
  await staff.keyboard.type('Please add class 35 as well.');
  await staff.keyboard.press('Tab');
  await staff.keyboard.press('Enter');
  await expect(question.getByTestId('staff-request-status')).toHaveText(
    'Reopened: changes requested',
  );
  await expect(question.getByTestId('staff-request-change-note')).toContainText(
    'Please add class 35 as well.',
  );
  await expect(question.getByTestId('staff-request-change')).toContainText('Classes 9 and 42');
  await expect(staff.getByTestId('staff-task-announcement')).toContainText('Changes requested');
  await expect(question.locator('h3')).toBeFocused();

  // A reply in the thread, under the staff member's name (or "Firm" without one).
  await staff.getByLabel('Reply to the client').fill('Yes, the fee is unchanged.');
  await staff.getByTestId('staff-reply-send').click();
  await expect(message).toHaveCount(2);
  await expect(message.nth(1)).toHaveAttribute('data-author', 'staff');
  await expect(message.nth(1).getByTestId('staff-message-author')).not.toHaveText(name);
  await expect(staff.getByTestId('staff-task-announcement')).toContainText('Reply sent');
  await checkScreen(staff, testInfo, 'changes-requested');

  // The due date moves (title and due date of an open task), saved with Enter.
  await staff.getByTestId('staff-task-edit').click();
  await expect(staff.getByTestId('staff-task-edit-title')).toBeFocused();
  await staff.getByTestId('staff-task-edit-due').fill('2031-01-15');
  await staff.getByTestId('staff-task-edit-due').press('Enter');
  await expect(staff.getByTestId('staff-task-due')).toHaveText('15 January 2031');
  await expect(staff.getByTestId('staff-task-title')).toBeFocused();
  await expect(staff.getByTestId('staff-task-announcement')).toContainText('saved');

  // Cancel asks first; "No" gives focus back, "Yes" cancels and closes the thread.
  await staff.getByTestId('staff-task-cancel').click();
  await expect(staff.getByTestId('staff-end-confirm')).toContainText('Cancel this task?');
  await expect(staff.locator('#end-confirm-heading')).toBeFocused();
  await checkScreen(staff, testInfo, 'cancel-confirm');
  await staff.getByTestId('staff-end-no').click();
  await expect(staff.getByTestId('staff-task-cancel')).toBeFocused();
  await staff.keyboard.press('Enter');
  await staff.getByTestId('staff-end-yes').click();
  await expect(staff.getByTestId('staff-task-status')).toHaveText('Cancelled');
  await expect(staff.getByTestId('staff-task-title')).toBeFocused();
  await expect(staff.getByTestId('staff-reply')).toHaveCount(0);
  await expect(staff.getByTestId('staff-request-changes')).toHaveCount(0);
});

test('the task view while loading, when the API fails, and for a task that does not exist', async ({
  device,
}, testInfo) => {
  const { task, client } = await sendTask(
    { title: 'Specimen of use', requests: [{ kind: 'question', prompt: 'Where is it sold?' }] },
    { label: 'states' },
  );
  const staff = await device('phone');
  await signInStaff(staff);

  // Held until the loading state was checked, then failed with the API's sentence.
  let release: (() => void) | undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const taskUrl = `**/api/admin/clients/${client.id}/tasks/${task.id}`;
  await staff.route(taskUrl, async (route) => {
    await held;
    await route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({
        error: 'database_unavailable',
        message: 'The database is not answering. Please try again in a moment.',
      }),
    });
  });
  await staff.goto(`/staff/clients/${client.id}/tasks/${task.id}`);
  await expect(staff.getByTestId('staff-task-loading')).toBeVisible();
  await checkScreen(staff, testInfo, 'loading');
  release!();
  await expect(staff.getByTestId('staff-task-error')).toContainText(
    'The database is not answering. Please try again in a moment.',
  );
  await checkScreen(staff, testInfo, 'error');
  await staff.unroute(taskUrl);
  await staff.getByTestId('staff-task-retry').click();
  await expect(staff.getByTestId('staff-task-title')).toHaveText('Specimen of use');
  await expect(staff.getByTestId('staff-task-status')).toHaveText('Open');
  await expect(staff.getByTestId('staff-thread-empty')).toBeVisible();

  // Another client's task id, as a link someone pasted: not found.
  await staff.goto(`/staff/clients/${client.id}/tasks/${randomUUID()}`);
  await expect(staff.getByTestId('staff-task-not-found')).toContainText(
    'This task does not exist or was removed.',
  );
  await checkScreen(staff, testInfo, 'not-found');
});
