// The main flow with the keyboard alone, with a visible focus ring at every stop: open the link,
// press "Open my tasks", open the task.
import type { Page } from '@playwright/test';
import { sendTask } from './support/api';
import { expect, test } from './support/fixtures';

/** Presses Tab until the focused element has the given accessible text; fails after 40 stops. */
async function tabTo(page: Page, text: RegExp): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      return {
        text: (el.innerText || el.getAttribute('aria-label') || '').trim(),
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== 'none',
      };
    });
    if (focused)
      expect(focused.outline || focused.shadow, `visible focus on "${focused.text}"`).toBe(true);
    if (focused && text.test(focused.text)) return;
  }
  throw new Error(`Tab never reached ${text}`);
}

test('the main flow works with the keyboard alone, with visible focus', async ({ page }) => {
  const { url, task } = await sendTask(
    { title: 'Keyboard filing', requests: [{ kind: 'question', prompt: 'Which classes?' }] },
    { label: 'keys', name: 'Kay Board' },
  );

  await page.goto(url);
  await expect(page.getByTestId('link-state-ready')).toBeVisible();
  await tabTo(page, /^Open my tasks$/);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/tasks$/);
  await tabTo(page, /Keyboard filing/);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/tasks/${task.id}$`));
  await expect(page.getByText('Which classes?')).toBeVisible();
});
