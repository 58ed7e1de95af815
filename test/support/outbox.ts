// Waiting for the app's mail outbox, from a test: what "no more mail is coming" looks like.
import type { DataSource } from 'typeorm';
import { waitFor } from './raw-http';

export interface OutboxDrainedOptions {
  /** Only mail to this address (other spec files may share the database). */
  to?: string;
  timeoutMs?: number;
}

/**
 * Waits until the outbox holds no unsent mail (to `to`, if given): every message queued so far
 * has been handed to the SMTP server, so the caught mail is all there will be. A check that
 * something was *not* sent waits on this, not on a pause that a slow machine outlasts.
 */
export async function outboxDrained(
  dataSource: DataSource,
  { to, timeoutMs = 30_000 }: OutboxDrainedOptions = {},
): Promise<void> {
  const unsent = async (): Promise<number> => {
    const [row] = await dataSource.query<Array<{ n: number | string }>>(
      `SELECT COUNT(*) AS n FROM mail_outbox WHERE status <> 'sent'${to ? ' AND to_address = ?' : ''}`,
      to ? [to] : [],
    );
    return Number(row.n);
  };
  if (!(await waitFor(async () => (await unsent()) === 0, timeoutMs))) {
    throw new Error(`${await unsent()} mail(s) still unsent in the outbox`);
  }
}
