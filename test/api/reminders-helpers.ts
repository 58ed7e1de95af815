// Helpers for the reminder specs (issue 13): a clock set to firm-local times, business days,
// the outbox drained before mail is read, and each client's reminder dates from the staff view.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { ClientRemindersResponse, ClientView, TaskDetail } from '@app/contracts';
import { DataSource } from 'typeorm';
import { Clock } from '../../apps/api/src/common/clock';
import { zonedTimeToInstant } from '../../apps/api/src/common/firm-time';
import type { StaffApi } from '../factories/staff-api';
import type { CaughtMail } from '../support/mail';
import { eventually } from './outbox-helpers';

export const NEW_YORK = 'America/New_York';

export interface RemindedClient {
  client: ClientView;
  tasks: TaskDetail[];
}

/** The instant a New York wall clock reads `hhmm` on `date`. */
export function nyTime(date: string, hhmm: string): Date {
  const [h, m] = hhmm.split(':').map(Number);
  return zonedTimeToInstant(date, h * 60 + m, NEW_YORK);
}

/** Moves the app's clock (forward or back) so that it reads `at`. */
export function setClock(app: INestApplication, at: Date): void {
  const clock = app.get(Clock);
  clock.advance(at.getTime() - clock.now().getTime());
}

/** Monday-to-Friday dates from `from` to `to`, inclusive. */
export function businessDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = new Date(`${from}T12:00:00Z`); d <= new Date(`${to}T12:00:00Z`);) {
    const weekday = d.getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(d.toISOString().slice(0, 10));
    d = new Date(d.getTime() + 86_400_000);
  }
  return days;
}

/** Waits until the outbox has sent everything queued so far. */
export async function drainOutbox(app: INestApplication, timeoutMs = 30_000): Promise<void> {
  const db = app.get(DataSource);
  await eventually(
    'the outbox to drain',
    async () => {
      const [row] = await db.query<{ n: number }[]>(
        "SELECT COUNT(*) AS n FROM mail_outbox WHERE status <> 'sent'",
      );
      return Number(row.n) === 0 ? true : null;
    },
    timeoutMs,
  );
}

/** A reminder digest e-mail (by its subject). */
export function isDigest(mail: CaughtMail): boolean {
  return /reminder of your|urgent, an official deadline/.test(mail.subject);
}

/** The firm dates of a client's sent reminders, oldest first (from the staff endpoint). */
export async function remindedDates(staff: StaffApi, clientId: string): Promise<string[]> {
  const res = await staff.get(`/api/admin/clients/${clientId}/reminders`).expect(200);
  const body = res.body as ClientRemindersResponse;
  return [
    ...new Set(body.reminders.filter((r) => r.outcome === 'sent').map((r) => r.localDate)),
  ].sort();
}

/** PATCH as staff (StaffApi has post and get only). */
export function staffPatch(staff: StaffApi, path: string): request.Test {
  return request(staff.http).patch(path).set('Authorization', `Bearer ${staff.token}`);
}
