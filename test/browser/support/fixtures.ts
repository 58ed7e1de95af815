// `test` for the browser specs: Playwright's own, plus `device(size)`, which opens another browser
// (its own context: cookies, storage, trusted-device state) at phone or desktop size, and closes
// every one it opened when the test ends, so no page keeps running timers into the next test.
import { test as base, type BrowserContextOptions, type Page } from '@playwright/test';
import { baseUrl } from './api';
import { sizes, type Size } from './devices';

export type OpenDevice = (size: Size, options?: BrowserContextOptions) => Promise<Page>;

export const test = base.extend<{ device: OpenDevice }>({
  device: async ({ browser }, use) => {
    const opened: { close(): Promise<void> }[] = [];
    await use(async (size, options = {}) => {
      const context = await browser.newContext({ ...sizes[size], baseURL: baseUrl(), ...options });
      opened.push(context);
      return context.newPage();
    });
    await Promise.all(opened.map((context) => context.close()));
  },
});

export { expect } from '@playwright/test';
