import { localDate } from '../common/firm-time';
import type { ReminderSchedule } from '../config/reminder-config';
import {
  decideReminder,
  effectiveSchedule,
  latestScheduledDay,
  reminderTone,
  type ReminderFacts,
} from './reminder-schedule';

const FIRM: ReminderSchedule = { daysBefore: [3], onDueDate: true, overdueEveryDays: 7, max: 5 };

const facts = (overrides: Partial<ReminderFacts>): ReminderFacts => ({
  today: '2027-03-01',
  dueDate: '2027-03-10',
  schedule: FIRM,
  sentCount: 0,
  lastPointDate: null,
  dispatchDate: '2027-03-01',
  unopenedLinkSince: null,
  unopenedLinkDays: 2,
  actedSinceLastPoint: false,
  ...overrides,
});

describe('reminder schedule', () => {
  it('finds the latest scheduled day: before, on, then every k days overdue', () => {
    const due = '2027-03-10';
    expect(latestScheduledDay(FIRM, due, '2027-03-06')).toBeNull();
    expect(latestScheduledDay(FIRM, due, '2027-03-07')).toEqual({
      day: '2027-03-07',
      reason: 'before_due',
    });
    expect(latestScheduledDay(FIRM, due, '2027-03-09')?.day).toBe('2027-03-07');
    expect(latestScheduledDay(FIRM, due, '2027-03-10')).toEqual({
      day: '2027-03-10',
      reason: 'due_today',
    });
    expect(latestScheduledDay(FIRM, due, '2027-03-16')?.day).toBe('2027-03-10');
    expect(latestScheduledDay(FIRM, due, '2027-03-17')).toEqual({
      day: '2027-03-17',
      reason: 'overdue',
    });
    expect(latestScheduledDay(FIRM, due, '2027-03-30')?.day).toBe('2027-03-24');
    // Across a month end and a DST change (calendar days, not 24-hour periods).
    expect(latestScheduledDay(FIRM, '2027-03-28', '2027-04-04')?.day).toBe('2027-04-04');
  });

  it('sends each scheduled day once, after the day the task was sent', () => {
    expect(decideReminder(facts({ today: '2027-03-06' }))).toEqual({ due: false });
    expect(decideReminder(facts({ today: '2027-03-07' }))).toEqual({
      due: true,
      reason: 'before_due',
      outcome: 'sent',
    });
    // Already reminded that day: nothing more until the due date.
    expect(
      decideReminder(facts({ today: '2027-03-08', lastPointDate: '2027-03-07', sentCount: 1 })),
    ).toEqual({ due: false });
    expect(
      decideReminder(facts({ today: '2027-03-10', lastPointDate: '2027-03-07', sentCount: 1 })),
    ).toMatchObject({ reason: 'due_today' });
    // Sent two days before the due date: the "3 days before" day had passed already.
    expect(decideReminder(facts({ today: '2027-03-09', dispatchDate: '2027-03-08' }))).toEqual({
      due: false,
    });
    // A day the job did not run (a weekend) is caught up once.
    expect(
      decideReminder(facts({ today: '2027-03-19', lastPointDate: '2027-03-10', sentCount: 2 })),
    ).toMatchObject({ reason: 'overdue' });
  });

  it('stops after max reminders, and when off', () => {
    expect(
      decideReminder(facts({ today: '2027-03-24', lastPointDate: '2027-03-17', sentCount: 5 })),
    ).toEqual({ due: false });
    const off = effectiveSchedule(FIRM, { off: true }, false, 12);
    expect(off).toBeNull();
    expect(decideReminder(facts({ today: '2027-03-07', schedule: off }))).toEqual({ due: false });
  });

  it('skips (and moves the baseline) when the client acted since the last point', () => {
    expect(decideReminder(facts({ today: '2027-03-07', actedSinceLastPoint: true }))).toEqual({
      due: true,
      reason: 'before_due',
      outcome: 'skipped',
    });
  });

  it('reminds about a link never opened, once, before any other reminder', () => {
    const unopened = facts({ dueDate: null, unopenedLinkSince: '2027-03-01' });
    expect(decideReminder({ ...unopened, today: '2027-03-02' })).toEqual({ due: false });
    expect(decideReminder({ ...unopened, today: '2027-03-03' })).toMatchObject({
      reason: 'link_unopened',
    });
    expect(
      decideReminder({ ...unopened, today: '2027-03-05', lastPointDate: '2027-03-03' }),
    ).toEqual({ due: false });
    expect(decideReminder({ ...unopened, today: '2027-03-05', unopenedLinkDays: 0 })).toEqual({
      due: false,
    });
  });

  it('applies a task override field by field', () => {
    expect(effectiveSchedule(FIRM, { daysBefore: [1, 5], max: 2 }, false, 12)).toEqual({
      daysBefore: [5, 1],
      onDueDate: true,
      overdueEveryDays: 7,
      max: 2,
    });
  });

  it('reminds statutory deadlines more often as the date nears, and daily when overdue', () => {
    const statutory = effectiveSchedule(FIRM, null, true, 12)!;
    expect(statutory).toEqual({
      daysBefore: [14, 7, 3, 2, 1],
      onDueDate: true,
      overdueEveryDays: 1,
      max: 12,
    });
    const due = '2027-03-20';
    const days = ['2027-03-06', '2027-03-13', '2027-03-17', '2027-03-18', '2027-03-19'];
    for (const day of days) expect(latestScheduledDay(statutory, due, day)?.day).toBe(day);
    expect(latestScheduledDay(statutory, due, '2027-03-22')).toEqual({
      day: '2027-03-22',
      reason: 'overdue',
    });
    expect(reminderTone(true, 14)).toBe('statutory');
    expect(reminderTone(true, 3)).toBe('statutory_urgent');
    expect(reminderTone(true, 1)).toBe('statutory_final');
    expect(reminderTone(true, -2)).toBe('statutory_final');
    expect(reminderTone(false, -2)).toBe('normal');
  });

  it('takes "today" in the firm zone, across midnight and DST changes', () => {
    // 04:30 UTC on 1 March is still 28 February in New York: not yet the "3 days before" day.
    const instant = new Date('2027-03-01T04:30:00Z');
    const ny = localDate(instant, 'America/New_York');
    expect(ny).toBe('2027-02-28');
    expect(
      decideReminder(facts({ today: ny, dueDate: '2027-03-04', dispatchDate: '2027-02-20' })),
    ).toEqual({ due: false });
    const tokyo = localDate(instant, 'Asia/Tokyo');
    expect(
      decideReminder(facts({ today: tokyo, dueDate: '2027-03-04', dispatchDate: '2027-02-20' })),
    ).toMatchObject({ reason: 'before_due' });
    // The night the clocks go forward in London (28 March 2027, 01:00 → 02:00): 00:30 UTC is
    // 00:30 GMT, 23:30 UTC is 00:30 BST of the next day.
    expect(localDate(new Date('2027-03-28T00:30:00Z'), 'Europe/London')).toBe('2027-03-28');
    expect(localDate(new Date('2027-03-28T23:30:00Z'), 'Europe/London')).toBe('2027-03-29');
  });
});
