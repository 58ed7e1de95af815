// Issue 14 in a real Chromium, with a hostile mail scanner on (support/scanner.ts): it opens
// every link of every e-mail before the client does, waits for the scripts, presses every button
// and submits every form. The FAQ stories still end with the client in their tasks, with at most
// one extra access-link round trip; the scanner never gets in through an access link or a
// reminder, and holds no tasks once the client's access link or code is used.
import type { Page, TestInfo } from '@playwright/test';
import { baseUrl, extractLink, mailsTo, sendPinTask, sendTask, waitForMail } from './support/api';
import { expect, test as base } from './support/fixtures';
import { HostileScanner } from './support/scanner';
import { checkScreenAtSizes } from './support/screens';
import { scaled, TIMEOUTS } from './support/timeouts';

const OTHER_DEVICE =
  'Open this link on the device where you asked for it, or type the code from the e-mail there.';

const test = base.extend<{ scanner: HostileScanner }>({
  scanner: async ({ browser }, use) => {
    const scanner = new HostileScanner(browser).start();
    await use(scanner);
    await scanner.stop();
  },
});

function checkScreen(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  return checkScreenAtSizes(page, name, (size) => testInfo.outputPath(`${name}-${size}.png`));
}

/** The code in an access-link e-mail. */
function codeIn(text: string): string {
  const code = /^ {4}(\d{6})$/m.exec(text)?.[1];
  if (!code) throw new Error(`No code in the access-link e-mail:\n${text}`);
  return code;
}

async function heldByScanner(scanner: HostileScanner): Promise<number> {
  return (await scanner.taskListStatuses()).filter((s) => s === 200).length;
}

test('the scanner takes the dispatch link first: one Send Access Link round trip gets the client in', async ({
  device,
  scanner,
}, testInfo) => {
  const title = 'Trademark filing: BRAMBLE';
  const { email, url } = await sendTask({
    title,
    requests: [{ kind: 'question', prompt: 'Any comments?' }],
  });

  // The scanner got there first and pressed "Open my tasks": it is the trusted device now.
  const dispatchScan = await scanner.scanned({ to: email, subjectIncludes: 'to complete' });
  expect(dispatchScan.visits.flatMap((v) => v.pressed)).toContain('Open my tasks');
  expect(await heldByScanner(scanner)).toBe(1);
  // The new-device notice tells the client that device was automated, and when.
  const notice = await waitForMail({ to: email, subjectIncludes: 'new device' });
  expect(notice.text).toContain('automated');
  expect(notice.text).toMatch(/ at \d{2}:\d{2}/);

  // The client is declined, and asks for an access link: one round trip.
  const phone = await device('phone');
  await phone.goto(url);
  await expect(phone.getByTestId('link-state-declined')).toBeVisible();
  const asked = Date.now();
  await phone.getByRole('button', { name: 'Send Access Link' }).click();
  await expect(phone.getByTestId('access-link-sent')).toContainText('only in this browser');
  await expect(phone.getByLabel('Code from the e-mail')).toHaveAttribute(
    'autocomplete',
    'one-time-code',
  );
  await checkScreen(phone, testInfo, 'check-your-email');

  // The scanner opens the access link first, in its own browser: nothing to press, no way in.
  const accessScan = await scanner.scanned({
    to: email,
    subjectIncludes: 'new access link',
    after: asked,
  });
  expect(accessScan.visits.length).toBeGreaterThan(0);
  expect(accessScan.visits.flatMap((v) => v.pressed)).toEqual([]);
  expect(await heldByScanner(scanner)).toBe(1); // still only its dispatch-link context

  const mail = await waitForMail({ to: email, subjectIncludes: 'new access link', after: asked });
  const access = extractLink(mail, baseUrl());

  // What any other browser sees with that link (screens at both sizes).
  const stranger = await device('desktop');
  await stranger.goto(access.url);
  await expect(stranger.getByTestId('elsewhere-message')).toHaveText(OTHER_DEVICE);
  await checkScreen(stranger, testInfo, 'access-link-elsewhere');

  // The client opens it on the phone that asked, and is in; the scanner lost the tasks.
  await phone.goto(access.url);
  await phone.getByRole('button', { name: 'Open my tasks' }).click();
  await expect(phone.getByText(title)).toBeVisible();
  expect(await heldByScanner(scanner)).toBe(0);
  await expect(phone.getByTestId('task-item').filter({ hasText: 'BRAMBLE' })).toBeVisible();

  // Exactly one access link was needed.
  expect((await mailsTo(email)).filter((m) => m.subject.includes('new access link'))).toHaveLength(
    1,
  );
});

test('asked on the computer, mail read on the phone: the code typed on the computer gets the client in', async ({
  device,
  scanner,
}, testInfo) => {
  const title = 'Trademark renewal: LARKSPUR';
  const { email, url } = await sendTask({
    title,
    requests: [{ kind: 'question', prompt: 'Any comments?' }],
  });
  await scanner.scanned({ to: email, subjectIncludes: 'to complete' });

  const computer = await device('desktop');
  await computer.goto(url);
  await expect(computer.getByTestId('link-state-declined')).toBeVisible();
  await expect(computer.getByTestId('link-state-declined')).toContainText('type the code');
  await checkScreen(computer, testInfo, 'declined');
  const asked = Date.now();
  await computer.getByRole('button', { name: 'Send Access Link' }).click();
  await expect(computer.getByTestId('access-link-sent')).toBeVisible();
  await scanner.scanned({ to: email, subjectIncludes: 'new access link', after: asked });
  const mail = await waitForMail({ to: email, subjectIncludes: 'new access link', after: asked });
  const code = codeIn(mail.text);

  // On the phone the link only says where to use it.
  const phone = await device('phone');
  await phone.goto(extractLink(mail, baseUrl()).url);
  await expect(phone.getByTestId('elsewhere-message')).toHaveText(OTHER_DEVICE);
  await expect(phone.getByRole('button')).toHaveCount(0);

  // A reload keeps the code field; a wrong code says so; the right one opens the tasks.
  await computer.reload();
  await expect(computer.getByTestId('access-link-sent')).toBeVisible();
  const wrong = code === '000000' ? '111111' : '000000';
  await computer.getByLabel('Code from the e-mail').fill(wrong);
  await computer.getByTestId('access-code-submit').click();
  await expect(computer.getByTestId('access-code-error')).toContainText('not right');
  await checkScreen(computer, testInfo, 'access-code-wrong');
  await computer.getByLabel('Code from the e-mail').fill(code);
  await computer.getByTestId('access-code-submit').click();
  await expect(computer.getByText(title)).toBeVisible();
  expect(await heldByScanner(scanner)).toBe(0);

  // The phone never got in; the computer completes the task.
  await phone.goto('/tasks');
  await expect(phone.getByTestId('no-access')).toBeVisible();
  await computer.getByText(title).click();
  const question = computer.getByTestId('request-item').filter({ hasText: 'Any comments?' });
  await question.getByLabel('Your answer').fill('None, thank you.');
  await question.getByRole('button', { name: 'Submit answer' }).click();
  await question.getByRole('button', { name: 'Yes, send my answer' }).click();
  await expect(question).toHaveAttribute('data-status', 'done');
});

test('moving on to another device later is the same one round trip, scanner or not', async ({
  device,
  scanner,
}) => {
  const title = 'Trademark watch: OSPREY';
  const { email, url } = await sendTask({
    title,
    requests: [{ kind: 'question', prompt: 'Any comments?' }],
  });
  await scanner.scanned({ to: email, subjectIncludes: 'to complete' });

  // First the phone, through one access link…
  const phone = await device('phone');
  const moveTo = async (page: Page, after: number) => {
    await scanner.scanned({ to: email, subjectIncludes: 'new access link', after });
    const mail = await waitForMail({ to: email, subjectIncludes: 'new access link', after });
    await page.goto(extractLink(mail, baseUrl()).url);
    await page.getByRole('button', { name: 'Open my tasks' }).click();
    await expect(page.getByText(title)).toBeVisible();
  };
  await phone.goto(url);
  let asked = Date.now();
  await phone.getByRole('button', { name: 'Send Access Link' }).click();
  await expect(phone.getByTestId('access-link-sent')).toBeVisible();
  await moveTo(phone, asked);

  // …then the computer, the same way, once the resend wait is over (the server's clock moves).
  const computer = await device('desktop');
  const advanced = await computer.request.post('/api/test/clock/advance', {
    data: { ms: 61_000 },
  });
  expect(advanced.status()).toBe(200);
  try {
    await computer.goto(url);
    await expect(computer.getByTestId('link-state-declined')).toBeVisible();
    asked = Date.now();
    await computer.getByRole('button', { name: 'Send Access Link' }).click();
    await expect(computer.getByTestId('access-link-sent')).toBeVisible();
    await moveTo(computer, asked);
  } finally {
    await computer.request.delete('/api/test/clock');
  }
  await phone.goto('/tasks');
  await expect(phone.getByTestId('no-access')).toBeVisible();
  expect(await heldByScanner(scanner)).toBe(0);
});

test('a task sent with a PIN still opens with its PIN after the scanner read the e-mail', async ({
  page,
  scanner,
}) => {
  const { task, pin } = await sendPinTask('Renewal: HEATHER', (mail) => scanner.scanned(mail));
  expect(await heldByScanner(scanner)).toBe(0);

  await page.goto('/pin');
  await page.getByLabel('Task reference').fill(task.reference);
  await page.getByLabel('PIN').fill(pin);
  await page.getByTestId('pin-submit').click();
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByText('Renewal: HEATHER')).toBeVisible();
});

test('a scanner never gets in through a reminder, whether or not a device holds the tasks', async ({
  browser,
  device,
}, testInfo) => {
  // Two reminder ticks (the job ticks every 5 real seconds in this suite) on top of the story.
  test.setTimeout(TIMEOUTS.test + scaled(60_000));
  const DAY = 24 * 3_600_000;
  /** A tick, the digest's pass and its mail's delivery, with room for a busy machine. */
  const tickWait = scaled(30_000);
  const phone = await device('phone');
  // The test clock, from no browser (a browser with a device cookie is held to the CSRF rules).
  const clock = (method: string, path = '', body?: unknown): Promise<Response> =>
    fetch(`${baseUrl()}/api/test/clock${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
  const clockNow = async (): Promise<string> =>
    ((await (await clock('GET')).json()) as { now: string }).now;
  const advance = async (ms: number): Promise<void> => {
    expect((await clock('POST', '/advance', { ms })).status).toBe(200);
  };
  const today = (await clockNow()).slice(0, 10); // the firm's zone is UTC in this suite
  const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + DAY).toISOString().slice(0, 10);

  // Held: the client opens her link on the phone at once (before any scanner reads her mail).
  // Overdue reminders every day, so the day after the due date's (skipped: she acted) sends one.
  const held = await sendTask(
    {
      title: 'Renewal: HAWTHORN',
      dueDate: tomorrow,
      reminders: { overdueEveryDays: 1 },
      requests: [{ kind: 'question', prompt: 'Any comments?' }],
    },
    { label: 'held' },
  );
  await phone.goto(held.url);
  await phone.getByRole('button', { name: 'Open my tasks' }).click();
  await expect(phone.getByText('Renewal: HAWTHORN')).toBeVisible();
  // Unheld: nobody has opened the link yet when the reminder leaves.
  const unheld = await sendTask(
    {
      title: 'Filing: MEADOWSWEET',
      dueDate: tomorrow,
      requests: [{ kind: 'question', prompt: 'Any comments?' }],
    },
    { label: 'unheld' },
  );

  // From here on the scanner reads every mail first (the dispatch mails above are left alone).
  const scanner = new HostileScanner(browser).start();
  try {
    // The due date: the unheld client's digest leaves (the held one's is skipped: she acted).
    let sentFrom = Date.now();
    await advance(DAY);
    await waitForMail({
      to: unheld.email,
      subjectIncludes: 'reminder of your',
      after: sentFrom,
      timeoutMs: tickWait,
    });
    const unheldScan = await scanner.scanned({
      to: unheld.email,
      subjectIncludes: 'reminder of your',
      after: sentFrom,
    });
    const reminderUrl = unheldScan.visits[0].url;
    // The scanner pressed everything there was: it holds nothing.
    expect(unheldScan.visits.length).toBeGreaterThan(0);
    expect(await heldByScanner(scanner)).toBe(0);
    // What any browser sees with the reminder's link while no device holds the tasks.
    const stranger = await device('desktop');
    await stranger.goto(reminderUrl);
    await expect(stranger.getByTestId('unheld-message')).toHaveText(
      'This reminder does not open your tasks by itself: open the link in the e-mail that first sent them, or press Send Access Link to get a link for this browser.',
    );
    await expect(stranger.getByTestId('link-open-button')).toHaveCount(0);
    await checkScreen(stranger, testInfo, 'reminder-unheld');
    // Whatever the scanner's Send Access Link sent opens nothing in its browsers either.
    await expect.poll(async () => heldByScanner(scanner), { timeout: TIMEOUTS.expect }).toBe(0);
    // The client opens the link from the e-mail that first sent the task: it still works.
    const laptop = await device('desktop');
    await laptop.goto(unheld.url);
    await laptop.getByRole('button', { name: 'Open my tasks' }).click();
    await expect(laptop.getByText('Filing: MEADOWSWEET')).toBeVisible();
    expect(await heldByScanner(scanner)).toBe(0);

    // The day after: the held client's overdue digest leaves.
    sentFrom = Date.now();
    await advance(DAY);
    const heldDigest = await waitForMail({
      to: held.email,
      subjectIncludes: 'reminder of your',
      after: sentFrom,
      timeoutMs: tickWait,
    });
    const heldScan = await scanner.scanned({
      to: held.email,
      subjectIncludes: 'reminder of your',
      after: sentFrom,
    });
    expect(heldScan.visits.length).toBeGreaterThan(0);
    expect(await heldByScanner(scanner)).toBe(0);
    // Her phone, which holds the tasks, opens the reminder straight to them.
    await phone.goto(extractLink(heldDigest, baseUrl()).url);
    await expect(phone).toHaveURL(/\/tasks$/);
    await expect(phone.getByText('Renewal: HAWTHORN')).toBeVisible();
    expect(await heldByScanner(scanner)).toBe(0);
  } finally {
    await scanner.stop();
    await clock('DELETE');
  }
});
