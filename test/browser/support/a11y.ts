import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';

// axe-core, run in the page as it stands: no serious or critical violations (issue 6).
//
// Not through @axe-core/playwright's AxeBuilder: its analyze() injects axe-core's 650 kB script
// into the page again on every call, opens and closes a second page to assemble the results,
// and ships every passing node back, about 4 s a screen on a busy 2-core machine against about
// 1 s here. The portal has no frames, which this asserts, so one in-page axe.run() sees it all.
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

type WithAxe = typeof globalThis & { axe?: { run(context: Document, options: object): unknown } };

export async function expectAccessible(page: Page, screen = page.url()): Promise<void> {
  await test.step('axe', () => runAxe(page, screen));
}

async function runAxe(page: Page, screen: string): Promise<void> {
  expect(
    page.frames().map((frame) => frame.url()),
    `${screen}: a frame appeared; check it with axe too`,
  ).toHaveLength(1);
  // Once per document: a client-side navigation keeps the axe already there.
  const loaded = await page.evaluate(() => typeof (window as WithAxe).axe?.run === 'function');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    () =>
      (window as WithAxe).axe!.run(document, {
        // Only the violations are needed, so axe skips collecting every passing element.
        resultTypes: ['violations'],
      }) as Promise<AxeResults>,
  );
  const serious = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(
    serious.map(
      (v) => `${screen}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    ),
  ).toEqual([]);
}
