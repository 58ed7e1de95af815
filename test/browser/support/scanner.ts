// A hostile mail security scanner for the browser suite (issue 14). Like Safe Links, Mimecast or
// Proofpoint at their worst, it reads every e-mail the SMTP catcher receives as soon as it
// arrives and, before the client can, opens every link in it in a fresh headless browser
// context, waits for the page's scripts, then presses every button and submits every form it
// finds on that page (a few rounds, as long as it stays on the link's page). It keeps each
// context (cookies and all), so a spec can ask afterwards whether any of them holds tasks.
//
// It waits only on conditions: a mail appearing in the catcher's folder (polled, as
// test/support/mail.ts does), a page's network going idle, a locator being actionable.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { allMails, type CaughtMail } from '../../support/mail';
import { TIMEOUTS } from './timeouts';

const POLL_MS = 100;
/** Rounds of "press everything" on one page (a press can reveal another button). */
const ROUNDS = 3;

export interface ScanRecord {
  mail: CaughtMail;
  /** Every link opened, with what the scanner did there. */
  visits: { url: string; landedOn: string; pressed: string[]; submittedForms: number }[];
}

export interface MailMatch {
  to: string;
  subjectIncludes?: string;
  /** Only mail received at or after this instant (epoch ms). */
  after?: number;
}

export class HostileScanner {
  private readonly seen = new Set<string>();
  private readonly records: ScanRecord[] = [];
  private readonly contexts: BrowserContext[] = [];
  private running = false;
  private loop: Promise<void> | null = null;
  private failure: unknown = null;

  /** `since`: mail received before this (epoch ms) is left alone (other specs' mail). */
  constructor(
    private readonly browser: Browser,
    private readonly since = Date.now(),
  ) {}

  start(): this {
    this.running = true;
    this.loop = this.run();
    return this;
  }

  /** Stops reading mail, then closes every context it opened. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await Promise.all(this.contexts.map((c) => c.close().catch(() => undefined)));
  }

  /**
   * Resolves once a matching mail has arrived AND the scanner has finished with it: the client
   * acts only after the scanner has done its worst.
   */
  async scanned(match: MailMatch): Promise<ScanRecord> {
    const deadline = Date.now() + TIMEOUTS.mail + TIMEOUTS.navigation;
    for (;;) {
      if (this.failure) throw this.failure as Error;
      const record = this.records.find((r) => matches(r.mail, match));
      if (record) return record;
      if (Date.now() > deadline) {
        throw new Error(
          `The scanner did not finish a mail to ${match.to}` +
            (match.subjectIncludes ? ` about "${match.subjectIncludes}"` : '') +
            `; scanned: ${this.records.map((r) => r.mail.subject).join(' | ') || '(none)'}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Every mail scanned so far. */
  get scans(): readonly ScanRecord[] {
    return this.records;
  }

  /** Answers of GET /api/me/tasks for every context the scanner opened (200: it holds tasks). */
  async taskListStatuses(): Promise<number[]> {
    return Promise.all(
      this.contexts.map(async (context) => (await context.request.get('/api/me/tasks')).status()),
    );
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const fresh = (await allMails()).filter(
          (mail) => mail.receivedAt >= this.since && !this.seen.has(key(mail)),
        );
        for (const mail of fresh) {
          this.seen.add(key(mail));
          this.records.push(await this.scan(mail));
        }
      } catch (error) {
        this.failure = error;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async scan(mail: CaughtMail): Promise<ScanRecord> {
    const record: ScanRecord = { mail, visits: [] };
    for (const url of linksIn(mail)) {
      // A fresh context per link, as a scanner's sandbox: no cookies from anything else.
      const context = await this.browser.newContext({ baseURL: new URL(url).origin });
      this.contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUTS.action);
      page.setDefaultNavigationTimeout(TIMEOUTS.navigation);
      await page.goto(url);
      await settle(page);
      const visit = { url, landedOn: page.url(), pressed: [] as string[], submittedForms: 0 };
      const linkPage = new URL(page.url()).pathname;
      for (let round = 0; round < ROUNDS; round++) {
        if (new URL(page.url()).pathname !== linkPage) break;
        const acted = await pressEverything(page, visit);
        if (!acted) break;
      }
      visit.landedOn = page.url();
      record.visits.push(visit);
    }
    return record;
  }
}

/** Clicks every visible, enabled button, then submits every form. False when there was none. */
async function pressEverything(
  page: Page,
  visit: { pressed: string[]; submittedForms: number },
): Promise<boolean> {
  const startPath = new URL(page.url()).pathname;
  const buttons = page.locator('button:visible');
  const count = await buttons.count();
  let acted = false;
  for (let i = 0; i < count; i++) {
    if (new URL(page.url()).pathname !== startPath) return true;
    const button = buttons.nth(i);
    if (!(await button.isVisible()) || !(await button.isEnabled())) continue;
    visit.pressed.push(((await button.textContent()) ?? '').trim());
    await button.click();
    acted = true;
    await settle(page);
  }
  if (new URL(page.url()).pathname !== startPath) return true;
  const forms = await page.locator('form').count();
  if (forms > 0) {
    await page.evaluate(() => {
      for (const form of Array.from(document.forms)) {
        form.requestSubmit();
      }
    });
    visit.submittedForms += forms;
    acted = true;
    await settle(page);
  }
  return acted;
}

/** The page's scripts have run and its requests have finished. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForLoadState('networkidle');
}

/** Every http(s) address in the text part and every href in the HTML part, once each. */
export function linksIn(mail: CaughtMail): string[] {
  const found = new Set<string>();
  for (const m of mail.text.matchAll(/https?:\/\/[^\s<>"')]+/g)) found.add(m[0]);
  for (const m of (mail.html ?? '').matchAll(/href="(https?:\/\/[^"]+)"/g)) {
    found.add(m[1].replace(/&amp;/g, '&'));
  }
  return [...found];
}

function matches(mail: CaughtMail, match: MailMatch): boolean {
  return (
    mail.to.includes(match.to.toLowerCase()) &&
    (!match.subjectIncludes || mail.subject.includes(match.subjectIncludes)) &&
    (!match.after || mail.receivedAt >= match.after)
  );
}

function key(mail: CaughtMail): string {
  return `${mail.messageId ?? ''}|${mail.receivedAt}|${mail.subject}|${mail.to.join(',')}`;
}
