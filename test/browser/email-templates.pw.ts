// Issue 13 item 3: every e-mail renders at phone (390 px) and desktop (1440 px) width without
// sideways scrolling, passes axe (no serious or critical violations) and is saved as
// test/browser/artifacts/emails/<template>-<size>.png. Two sources: mail the product really sent
// (caught by the SMTP catcher after driving a dispatch, a PIN dispatch and the new-device
// notice), and every template rendered through the app's own renderer (renderMail) with the
// sample data and branding of mail/mail-samples.ts, which reaches the ones a browser run cannot
// produce quickly (reminder digest, staff notices, ...).
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { SAMPLE_BRANDING, SAMPLE_MAIL_DATA } from '../../apps/api/src/mail/mail-samples';
import { renderMail, type MailTemplateName } from '../../apps/api/src/mail/mail-templates';
import { sendPinTask, sendTask, waitForMail } from './support/api';
import { sizes, type Size } from './support/devices';
import { expect, test } from './support/fixtures';
import { expectAccessible } from './support/a11y';
import { saveScreenshot } from './support/screens';

const SHOTS = join(__dirname, 'artifacts', 'emails');
const SIZES: Size[] = ['phone', 'desktop'];

/** Opens the e-mail's HTML as a page at each size: no sideways scroll, axe, a screenshot. */
async function checkEmail(page: Page, name: string, html: string): Promise<void> {
  await test.step(`e-mail ${name}`, async () => {
    for (const size of SIZES) {
      await page.setViewportSize(sizes[size].viewport);
      await page.setContent(html, { waitUntil: 'load' });
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth, `${name} scrolls sideways at ${clientWidth} px`).toBeLessThanOrEqual(
        clientWidth,
      );
      await expectAccessible(page, `${name} (${size})`);
      await saveScreenshot(page, join(SHOTS, `${name}-${size}.png`));
    }
  });
}

test('every template, rendered by the app with sample data, fits a phone and passes axe', async ({
  page,
}) => {
  // Logos load from nowhere: the sample has none, and setContent must not wait on the network.
  const names = Object.keys(SAMPLE_MAIL_DATA) as MailTemplateName[];
  expect(names.length).toBeGreaterThanOrEqual(7);
  for (const name of names) {
    const { html } = renderMail(name, SAMPLE_MAIL_DATA[name] ?? {}, SAMPLE_BRANDING);
    await checkEmail(page, `sample-${name}`, html);
  }
});

test('mail the product sent (dispatch link, new device, PIN) fits a phone and passes axe', async ({
  page,
  device,
}) => {
  const sent = await sendTask(
    {
      title: 'Trademark application: LIGHTHOUSE BREWING COMPANY (word and figurative mark)',
      description:
        'Please confirm the goods and services in classes 32 and 33 and upload a clear image of ' +
        'the logo exactly as you use it on labels, cans and your website, so that we can file.',
      dueDate: '2030-12-06',
      requests: [{ kind: 'question', prompt: 'Which goods will you sell?' }],
    },
    { label: 'emails', name: 'Alexandra Featherstonehaugh-Whittingham' },
  );
  const dispatchMail = await waitForMail({ to: sent.email, subjectIncludes: 'to complete' });
  expect(dispatchMail.subject).toContain('1 task to complete');
  expect(dispatchMail.html).toBeTruthy();
  await checkEmail(page, 'caught-dispatch-link', dispatchMail.html!);

  const after = Date.now() - 1000;
  const phone = await device('phone');
  await phone.goto(sent.url);
  await phone.getByRole('button', { name: 'Open my tasks' }).click();
  await expect(phone).toHaveURL(/\/tasks$/);
  const notice = await waitForMail({ to: sent.email, subjectIncludes: 'new device', after });
  expect(notice.text).toMatch(/When: .+ \(UTC\)/);
  await checkEmail(page, 'caught-device-bound', notice.html!);

  const pin = await sendPinTask('Renewal: LIGHTHOUSE');
  expect(pin.mail.subject).toContain('1 task to complete');
  await checkEmail(page, 'caught-dispatch-pin', pin.mail.html!);
});
