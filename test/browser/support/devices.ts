// Viewports the browser specs use. The default project runs desktop; a spec that needs a phone
// opens its own context: `await browser.newContext({ ...phone, baseURL })`.
import type { BrowserContextOptions } from '@playwright/test';

export const desktop = {
  viewport: { width: 1440, height: 900 },
} satisfies BrowserContextOptions;

export const phone = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 3,
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    'Chrome/140.0.0.0 Mobile Safari/537.36',
} satisfies BrowserContextOptions;

export const sizes = { phone, desktop } as const;
export type Size = keyof typeof sizes;
