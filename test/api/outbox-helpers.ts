// Helpers for the outbox specs, which run their own SMTP catcher (own directory) so they can take
// it down or slow it without disturbing other spec files.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
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
