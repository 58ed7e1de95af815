// Due-date reminders and the daily digest (issue 13).

/**
 * A task's own reminder settings. `off: true` sends none; any other field given replaces the
 * firm-wide default for this task (the rest follow the firm). Absent or null: the firm's default.
 */
export interface TaskReminderSettings {
  off?: boolean;
  /** Days before the due date to remind, e.g. [3] (each 1-90). */
  daysBefore?: number[];
  /** Remind on the due date itself. */
  onDueDate?: boolean;
  /** While overdue, remind every this many days (0: no overdue reminders). */
  overdueEveryDays?: number;
  /** At most this many reminders for the task. */
  max?: number;
}

/** The schedule that applies to a task after the firm's default, its override and statutory. */
export interface ReminderScheduleView {
  daysBefore: number[];
  onDueDate: boolean;
  overdueEveryDays: number;
  max: number;
}

export type ReminderReason = 'before_due' | 'due_today' | 'overdue' | 'link_unopened';

/** One reminder point of a task: sent in that day's digest, or skipped by a stop rule. */
export interface ReminderView {
  id: string;
  taskId: string;
  digestId: string;
  outcome: 'sent' | 'skipped';
  reason: ReminderReason;
  /** The firm's calendar date it was for. */
  localDate: string;
  dueDate: string | null;
  daysToDue: number | null;
  statutory: boolean;
  /**
   * What the digest offered: held (a born-used link, opens only on the device holding the
   * tasks), unheld (a born-used link while no device holds them: opens nothing, the original
   * link still works), pin, none; replacement only on rows from before issue 14.
   */
  access: 'held' | 'unheld' | 'replacement' | 'pin' | 'none';
  createdAt: string;
}

/** GET /api/admin/clients/:clientId/tasks/:taskId/reminders */
export interface TaskRemindersResponse {
  taskId: string;
  statutory: boolean;
  /** The task's own settings; null: the firm's default. */
  settings: TaskReminderSettings | null;
  /** What applies now; null when reminders are off for the task. */
  schedule: ReminderScheduleView | null;
  /** Newest first. */
  reminders: ReminderView[];
}

/** One client's digest day. */
export interface ReminderDigestView {
  id: string;
  localDate: string;
  outcome: 'sent' | 'none';
  listed: number;
  reminded: number;
  createdAt: string;
}

/** GET /api/admin/clients/:clientId/reminders: newest first, at most 200 of each. */
export interface ClientRemindersResponse {
  reminders: ReminderView[];
  digests: ReminderDigestView[];
}
