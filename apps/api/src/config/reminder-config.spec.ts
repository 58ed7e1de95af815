import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './app-config';
import { configProblems } from './config.fixtures';
import { parseDaysBefore } from './reminder-config';

const SECRET = 'x'.repeat(40);

describe('loadConfig: reminders', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'cp-reminder-config-'));
  });
  afterEach(() => {
    rmSync(cwd, { recursive: true, force: true });
  });

  const load = (env: Record<string, string>) => loadConfig({ APP_SECRET: SECRET, ...env }, cwd);
  const problemsOf = (env: Record<string, string>): string[] =>
    configProblems({ APP_SECRET: SECRET, ...env }, cwd);

  it('defaults to 3 days before, on the day, every 7 days overdue, at most 5', () => {
    expect(loadConfig({ APP_SECRET: SECRET }, cwd).reminders).toEqual({
      enabled: true,
      schedule: { daysBefore: [3], onDueDate: true, overdueEveryDays: 7, max: 5 },
      unopenedLinkDays: 2,
      statutoryMax: 12,
      intervalMs: 15 * 60_000,
    });
  });

  it('reads every setting', () => {
    const reminders = loadConfig(
      {
        APP_SECRET: SECRET,
        REMINDERS_ENABLED: 'false',
        REMINDER_DAYS_BEFORE: '3, 7,3',
        REMINDER_ON_DUE_DATE: 'no',
        REMINDER_OVERDUE_EVERY_DAYS: '0',
        REMINDER_MAX: '2',
        REMINDER_UNOPENED_LINK_DAYS: '0',
        REMINDER_STATUTORY_MAX: '20',
        REMINDER_INTERVAL_MINUTES: '5',
      },
      cwd,
    ).reminders;
    expect(reminders).toEqual({
      enabled: false,
      schedule: { daysBefore: [7, 3], onDueDate: false, overdueEveryDays: 0, max: 2 },
      unopenedLinkDays: 0,
      statutoryMax: 20,
      intervalMs: 5 * 60_000,
    });
  });

  it('names bad reminder settings', () => {
    expect(
      problemsOf({
        REMINDER_DAYS_BEFORE: '3,abc',
        REMINDER_MAX: '-1',
        REMINDER_INTERVAL_MINUTES: '0',
      }),
    ).toEqual([
      expect.stringMatching(/^REMINDER_DAYS_BEFORE must be none or a comma-separated list/),
      expect.stringMatching(/^REMINDER_MAX must be a whole number from 0 to 50/),
      expect.stringMatching(/^REMINDER_INTERVAL_MINUTES must be a whole number from 1/),
    ]);
  });

  it('takes a tick in seconds instead of minutes, within 5 s to a day, but not both', () => {
    expect(load({ REMINDER_INTERVAL_SECONDS: '10' }).reminders.intervalMs).toBe(10_000);
    expect(load({ REMINDER_INTERVAL_MINUTES: '2' }).reminders.intervalMs).toBe(120_000);
    expect(problemsOf({ REMINDER_INTERVAL_SECONDS: '4' })).toEqual([
      expect.stringMatching(/^REMINDER_INTERVAL_SECONDS must be a whole number from 5/),
    ]);
    expect(problemsOf({ REMINDER_INTERVAL_SECONDS: '86401' })).toEqual([
      expect.stringMatching(/^REMINDER_INTERVAL_SECONDS must be a whole number from 5/),
    ]);
    expect(problemsOf({ REMINDER_INTERVAL_SECONDS: '10', REMINDER_INTERVAL_MINUTES: '1' })).toEqual(
      ['Set REMINDER_INTERVAL_MINUTES or REMINDER_INTERVAL_SECONDS, not both'],
    );
  });

  it('parses days before the due date', () => {
    expect(parseDaysBefore('none')).toEqual([]);
    expect(parseDaysBefore('1,14,7')).toEqual([14, 7, 1]);
    expect(parseDaysBefore('0')).toBeNull();
    expect(parseDaysBefore('91')).toBeNull();
    expect(parseDaysBefore('3;7')).toBeNull();
  });
});
