// Reading mail caught by the SMTP catcher (test/support/smtp-catcher.ts). Works in any process:
// it only needs the catcher's directory in env E2E_MAIL_DIR.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One caught message, as the catcher stores it in `<dir>/<timestamp>-<seq>.json`. */
export interface CaughtMail {
  /** Recipients (envelope RCPT TO plus To/Cc headers), lowercased, no duplicates. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string | null;
  /** The Date header as ISO string (second precision; prefer receivedAt for ordering). */
  date: string | null;
  messageId: string | null;
  /** Header name (lowercased) → raw value; repeated headers are joined with "\n". */
  headers: Record<string, string>;
  /** When the catcher received the message (epoch ms). */
  receivedAt: number;
}

export interface WaitForMailOptions {
  to: string;
  subjectIncludes?: string;
  /** Only mail received at or after this instant (epoch ms). */
  after?: number;
  timeoutMs?: number;
}

/** Name of the switch file that makes the catcher answer 451 (see refuseMail). */
export const REFUSE_FILE = '.refuse';

const POLL_MS = 50;
// A wait on a condition, so a generous bound costs a passing test nothing: on a busy 2-core machine
// a mail (outbox poll, SMTP, the catcher's file) took more than 10 s once.
const DEFAULT_TIMEOUT_MS = 30_000;
const LINK_TOKEN = '[A-Za-z0-9_-]{43}';

export function mailDir(): string {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) {
    throw new Error('E2E_MAIL_DIR is not set: start the SMTP catcher in the global setup first.');
  }
  return dir;
}

/** Every caught message, oldest first. */
export async function allMails(): Promise<CaughtMail[]> {
  const dir = mailDir();
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
  files.sort();
  return Promise.all(
    files.map(async (file) => JSON.parse(await readFile(join(dir, file), 'utf8')) as CaughtMail),
  );
}

export async function mailsTo(address: string): Promise<CaughtMail[]> {
  const wanted = address.toLowerCase();
  return (await allMails()).filter((mail) => mail.to.includes(wanted));
}

/** Polls the catcher's directory until a matching message arrives; returns the first match. */
export async function waitForMail(options: WaitForMailOptions): Promise<CaughtMail> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = await allMails();
    const match = mails.find((mail) => matches(mail, options));
    if (match) return match;
    if (Date.now() >= deadline) {
      throw new Error(
        `No mail to ${options.to}` +
          (options.subjectIncludes ? ` with subject including "${options.subjectIncludes}"` : '') +
          (options.after ? ` received after ${new Date(options.after).toISOString()}` : '') +
          ` within ${timeoutMs} ms. Seen ${mails.length} mail(s):\n` +
          (mails.map(describeMail).join('\n') || '  (none)'),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Finds the first unique-link URL (`…/l/<43-char base64url token>`) in the text part.
 * With publicUrl, only links under that base URL count.
 */
export function extractLink(mail: CaughtMail, publicUrl?: string): { url: string; token: string } {
  const base = publicUrl ? escapeRegExp(publicUrl.replace(/\/+$/, '')) : `https?://[^\\s<>"'()]*?`;
  const pattern = new RegExp(`${base}/l/(${LINK_TOKEN})(?![A-Za-z0-9_-])`);
  const found = pattern.exec(mail.text);
  if (!found) {
    throw new Error(
      `No /l/<token> link${publicUrl ? ` under ${publicUrl}` : ''} in mail "${mail.subject}" ` +
        `to ${mail.to.join(', ')}. Text part:\n${mail.text}`,
    );
  }
  return { url: found[0], token: found[1] };
}

/**
 * Makes the catcher answer "451" (temporary failure) to RCPT TO: for the given addresses, or
 * for everyone when none are given. Refusing everyone disturbs test files running in parallel,
 * so prefer naming the addresses.
 */
export async function refuseMail(addresses: string[] = []): Promise<void> {
  const list = addresses.map((a) => a.toLowerCase()).join('\n');
  await writeFile(join(mailDir(), REFUSE_FILE), list);
}

/** Lifts refuseMail: the catcher accepts everything again. */
export async function acceptMail(): Promise<void> {
  await rm(join(mailDir(), REFUSE_FILE), { force: true });
}

function matches(mail: CaughtMail, options: WaitForMailOptions): boolean {
  return (
    mail.to.includes(options.to.toLowerCase()) &&
    (options.subjectIncludes === undefined || mail.subject.includes(options.subjectIncludes)) &&
    (options.after === undefined || mail.receivedAt >= options.after)
  );
}

function describeMail(mail: CaughtMail): string {
  const at = new Date(mail.receivedAt).toISOString();
  return `  ${at} to ${mail.to.join(', ')}: "${mail.subject}"`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
