import { addDays, daysBetween } from '../common/firm-time';
import type { TaskReminderSettings } from '@app/contracts';
import type { ReminderSchedule } from '../config/reminder-config';
import type { ReminderOutcome, ReminderReason } from './reminder.entity';

/**
 * Statutory deadlines (issue 13): whatever the task's schedule, also 14, 7, 3, 2 and 1 days
 * before, on the day, then every day while overdue, up to REMINDER_STATUTORY_MAX reminders.
 */
export const STATUTORY_DAYS_BEFORE = [14, 7, 3, 2, 1];

/** Reads the stored JSON; anything unreadable counts as "no override" (the firm's default). */
export function parseTaskSettings(raw: string | null | undefined): TaskReminderSettings | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as unknown;
    return value && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}

/** The schedule that applies to one task, or null when its reminders are off. */
export function effectiveSchedule(
  firm: ReminderSchedule,
  settings: TaskReminderSettings | null,
  statutory: boolean,
  statutoryMax: number,
): ReminderSchedule | null {
  if (settings?.off) return null;
  const base: ReminderSchedule = {
    daysBefore: settings?.daysBefore ?? firm.daysBefore,
    onDueDate: settings?.onDueDate ?? firm.onDueDate,
    overdueEveryDays: settings?.overdueEveryDays ?? firm.overdueEveryDays,
    max: settings?.max ?? firm.max,
  };
  if (!statutory) return { ...base, daysBefore: [...base.daysBefore].sort((a, b) => b - a) };
  return {
    daysBefore: [...new Set([...base.daysBefore, ...STATUTORY_DAYS_BEFORE])].sort((a, b) => b - a),
    onDueDate: true,
    overdueEveryDays: 1,
    max: Math.max(base.max, statutoryMax),
  };
}

/** The latest day of the schedule on or before `today` (firm dates), with why it is one. */
export function latestScheduledDay(
  schedule: ReminderSchedule,
  dueDate: string,
  today: string,
): { day: string; reason: ReminderReason } | null {
  const toDue = daysBetween(today, dueDate);
  if (toDue < 0) {
    const every = schedule.overdueEveryDays;
    if (every > 0) {
      const k = Math.floor(-toDue / every);
      if (k >= 1) return { day: addDays(dueDate, k * every), reason: 'overdue' };
    }
    if (schedule.onDueDate) return { day: dueDate, reason: 'due_today' };
  } else if (toDue === 0 && schedule.onDueDate) {
    return { day: dueDate, reason: 'due_today' };
  }
  // The smallest "days before" that has already come (toDue ≤ d).
  const before = schedule.daysBefore.filter((d) => d >= toDue && d > 0).sort((a, b) => a - b)[0];
  return before === undefined ? null : { day: addDays(dueDate, -before), reason: 'before_due' };
}

export interface ReminderFacts {
  /** The firm's date today. */
  today: string;
  dueDate: string | null;
  /** null: reminders off for this task. */
  schedule: ReminderSchedule | null;
  /** Reminders already sent for the task (skipped ones do not count). */
  sentCount: number;
  /** Firm date of the latest reminder point (sent or skipped), null when none yet. */
  lastPointDate: string | null;
  /** Firm date the task was first sent. */
  dispatchDate: string;
  /** Firm date its unique link was sent while still unused (null: opened, or not a link). */
  unopenedLinkSince: string | null;
  /** REMINDER_UNOPENED_LINK_DAYS; 0 turns that reminder off. */
  unopenedLinkDays: number;
  /** The client acted on the task (opened, answered, uploaded, messaged) since the last point. */
  actedSinceLastPoint: boolean;
}

export type ReminderDecision =
  { due: false } | { due: true; reason: ReminderReason; outcome: ReminderOutcome };

/**
 * Whether a task is due for a reminder today (issue 13), and whether it is sent or skipped:
 * - off, or `max` reminders already sent: never again;
 * - a scheduled day (before, on, every k days overdue) that has come since the latest reminder
 *   point and after the day the task was sent (a missed day is caught up once, not repeated);
 * - else, before any reminder, a unique link still unused `unopenedLinkDays` after sending;
 * - stop rule: when the client acted since the latest point, the reminder is recorded as
 *   skipped (it is the new point: the next scheduled day may send again).
 */
export function decideReminder(facts: ReminderFacts): ReminderDecision {
  const schedule = facts.schedule;
  if (!schedule || facts.sentCount >= schedule.max) return { due: false };
  const baseline = facts.lastPointDate ?? facts.dispatchDate;
  let reason: ReminderReason | null = null;
  if (facts.dueDate) {
    const slot = latestScheduledDay(schedule, facts.dueDate, facts.today);
    if (slot && slot.day > baseline && slot.day <= facts.today) reason = slot.reason;
  }
  if (
    !reason &&
    facts.lastPointDate === null &&
    facts.unopenedLinkSince !== null &&
    facts.unopenedLinkDays > 0 &&
    daysBetween(facts.unopenedLinkSince, facts.today) >= facts.unopenedLinkDays
  ) {
    reason = 'link_unopened';
  }
  if (!reason) return { due: false };
  return { due: true, reason, outcome: facts.actedSinceLastPoint ? 'skipped' : 'sent' };
}

/** How firmly the digest words a task: statutory deadlines harden as the date nears. */
export type ReminderTone = 'normal' | 'statutory' | 'statutory_urgent' | 'statutory_final';

export function reminderTone(statutory: boolean, daysToDue: number | null): ReminderTone {
  if (!statutory) return 'normal';
  if (daysToDue === null || daysToDue > 7) return 'statutory';
  if (daysToDue > 2) return 'statutory_urgent';
  return 'statutory_final';
}
