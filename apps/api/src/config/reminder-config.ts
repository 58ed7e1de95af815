/** A reminder schedule around a task's due date (issue 13); the firm's default or a task's own. */
export interface ReminderSchedule {
  /** Remind this many days before the due date (each value once), e.g. [3]. */
  daysBefore: number[];
  /** Remind on the due date itself. */
  onDueDate: boolean;
  /** While overdue, remind every this many days after the due date; 0: no overdue reminders. */
  overdueEveryDays: number;
  /** At most this many reminders for one task (unopened-link reminder included). */
  max: number;
}

export interface ReminderConfig {
  /** REMINDERS_ENABLED: the daily digest job runs. */
  enabled: boolean;
  /** The firm-wide default schedule. */
  schedule: ReminderSchedule;
  /** A dispatch link never opened this many days after sending gets a reminder; 0: none. */
  unopenedLinkDays: number;
  /** Statutory deadlines: at most this many reminders (their schedule is fixed, see README). */
  statutoryMax: number;
  /**
   * How often each instance looks for digests to send, in milliseconds (each tick runs on one
   * instance): REMINDER_INTERVAL_MINUTES, or REMINDER_INTERVAL_SECONDS for a finer tick.
   */
  intervalMs: number;
}

export const MAX_DAYS_BEFORE = 90;

type Read = (name: string) => string | undefined;
type Int = (name: string, fallback: number, min: number, max: number) => number;
type Bool = (name: string, fallback: boolean) => boolean;

/** `3`, `7,3` or `none` → ascending-unique days before the due date; null when malformed. */
export function parseDaysBefore(raw: string): number[] | null {
  if (raw.trim().toLowerCase() === 'none') return [];
  const days = raw.split(',').map((part) => part.trim());
  if (days.some((d) => !/^\d{1,2}$/.test(d))) return null;
  const values = days.map(Number);
  if (values.some((d) => d < 1 || d > MAX_DAYS_BEFORE)) return null;
  return [...new Set(values)].sort((a, b) => b - a);
}

/**
 * REMINDERS_ENABLED (true), REMINDER_DAYS_BEFORE (`3`), REMINDER_ON_DUE_DATE (true),
 * REMINDER_OVERDUE_EVERY_DAYS (7), REMINDER_MAX (5), REMINDER_UNOPENED_LINK_DAYS (2),
 * REMINDER_STATUTORY_MAX (12), REMINDER_INTERVAL_MINUTES (15) or REMINDER_INTERVAL_SECONDS (5 to
 * 86,400; for a tick finer than a minute, as the test suites use; not both).
 */
export function parseReminderConfig(
  read: Read,
  int: Int,
  bool: Bool,
  problems: string[],
): ReminderConfig {
  const daysRaw = read('REMINDER_DAYS_BEFORE') ?? '3';
  let daysBefore = parseDaysBefore(daysRaw);
  if (!daysBefore) {
    problems.push(
      `REMINDER_DAYS_BEFORE must be none or a comma-separated list of days from 1 to ${MAX_DAYS_BEFORE} (got "${daysRaw}")`,
    );
    daysBefore = [3];
  }
  return {
    enabled: bool('REMINDERS_ENABLED', true),
    schedule: {
      daysBefore,
      onDueDate: bool('REMINDER_ON_DUE_DATE', true),
      overdueEveryDays: int('REMINDER_OVERDUE_EVERY_DAYS', 7, 0, 90),
      max: int('REMINDER_MAX', 5, 0, 50),
    },
    unopenedLinkDays: int('REMINDER_UNOPENED_LINK_DAYS', 2, 0, 30),
    statutoryMax: int('REMINDER_STATUTORY_MAX', 12, 0, 50),
    intervalMs: parseInterval(read, int, problems),
  };
}

function parseInterval(read: Read, int: Int, problems: string[]): number {
  const minutes = int('REMINDER_INTERVAL_MINUTES', 15, 1, 24 * 60);
  if (read('REMINDER_INTERVAL_SECONDS') === undefined) return minutes * 60_000;
  if (read('REMINDER_INTERVAL_MINUTES') !== undefined) {
    problems.push('Set REMINDER_INTERVAL_MINUTES or REMINDER_INTERVAL_SECONDS, not both');
  }
  return int('REMINDER_INTERVAL_SECONDS', 60, 5, 24 * 60 * 60) * 1000;
}
