// What every screen of the portal gets checked for: axe (no serious or critical violations), no
// sideways scrolling, and a screenshot at phone (390x844) and/or desktop (1440x900) size.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { sizes, type Size } from './devices';

export async function expectNoSidewaysScroll(page: Page, screen: string): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  const viewport = page.viewportSize()!;
  expect(width, `${screen} scrolls sideways at ${viewport.width} px`).toBeLessThanOrEqual(
    viewport.width,
  );
}

/**
 * A full-page PNG in CSS pixels: a phone screen is 390 px wide, not its 1170 device pixels, which
 * is what a reviewer needs and a ninth of the pixels to encode.
 */
export async function saveScreenshot(page: Page, path: string): Promise<void> {
  await test.step('screenshot', () =>
    page.screenshot({ path, fullPage: true, scale: 'css', animations: 'disabled' }));
}

/** axe, no sideways scrolling and a screenshot to `path`, all as the page stands. */
export async function checkScreen(page: Page, screen: string, path: string): Promise<void> {
  await test.step(
    `check screen: ${screen}`,
    async () => {
      await expectAccessible(page, screen);
      await expectNoSidewaysScroll(page, screen);
      await saveScreenshot(page, path);
    },
    { box: true },
  );
}

/**
 * axe as the page stands; then the page is resized to each size for a sideways check and a
 * screenshot to `path(size)`, and given its own size back.
 */
export async function checkScreenAtSizes(
  page: Page,
  screen: string,
  path: (size: Size) => string,
  at: readonly Size[] = ['phone', 'desktop'],
): Promise<void> {
  await test.step(
    `check screen: ${screen} (${at.join(', ')})`,
    async () => {
      await expectAccessible(page, screen);
      const original = page.viewportSize();
      for (const size of at) {
        await page.setViewportSize(sizes[size].viewport);
        await expectNoSidewaysScroll(page, `${screen} (${size})`);
        await saveScreenshot(page, path(size));
      }
      if (original) await page.setViewportSize(original);
    },
    { box: true },
  );
}
