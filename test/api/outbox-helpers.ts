// Helpers for the outbox specs, which run their own SMTP catcher (own directory) so they can take
// it down or slow it without disturbing other spec files.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MailService } from '../../apps/api/src/mail/mail.service';
import type { CaughtMail } from '../support/mail';

/** Every message the catcher writing to `dir` received, oldest first. */
export async function caughtIn(dir: string): Promise<CaughtMail[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
  files.sort();
  return Promise.all(
    files.map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as CaughtMail),
  );
}

/** How many messages the catcher writing to `dir` received (file names only: cheap to poll). */
export async function countIn(dir: string): Promise<number> {
  return (await readdir(dir)).filter((f) => f.endsWith('.json') && !f.startsWith('.')).length;
}

/** Polls `probe` until it returns something other than null; fails after timeoutMs. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | null>,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() >= deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The data of a staff-reply notice: a template that carries no credential, so any test may queue it. */
export const NOTICE_DATA = {
  clientName: 'Jane',
  firmName: 'Marks & Co',
  taskTitle: 'Trademark filing',
  reference: 'T-4K7M2Q',
  portalUrl: 'http://portal.test/',
};

/**
 * Queues one notice per address through the real MailService, `batch` per transaction (as a
 * dispatch would), and returns the outbox ids in the order of `recipients`.
 */
export async function enqueueNotices(
  app: INestApplication,
  recipients: string[],
  batch = recipients.length,
): Promise<string[]> {
  const mailService = app.get(MailService);
  const ids: string[] = [];
  for (let i = 0; i < recipients.length; i += batch) {
    await app.get(DataSource).transaction(async (manager) => {
      for (const to of recipients.slice(i, i + batch)) {
        ids.push(
          await mailService.enqueue(manager, { to, template: 'task-message', data: NOTICE_DATA }),
        );
      }
    });
  }
  return ids;
}
