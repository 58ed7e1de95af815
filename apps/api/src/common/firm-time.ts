/**
 * Dates and times in the firm's own time zone (SPEC rule 25, issue 13): "today" for a due date,
 * business hours, and how a date or time is written to a client. Plain Intl, no dependency.
 * Dates without a time (due dates) are ISO strings `YYYY-MM-DD`; instants are `Date`s.
 */

/** ISO weekday numbers: 1 Monday … 7 Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** The firm's clock: its IANA time zone and business hours (minutes after local midnight). */
export interface FirmHours {
  timeZone: string;
  /** Opening, minutes after local midnight (09:00 is 540). */
  openMinute: number;
  /** Closing, minutes after local midnight, later than openMinute (17:00 is 1020). */
  closeMinute: number;
  /** Business days, ISO weekday numbers, ascending. */
  businessDays: IsoWeekday[];
}

export const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** The wall clock in a time zone at one instant. */
export interface ZonedParts {
  /** `YYYY-MM-DD` in the zone. */
  date: string;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes after local midnight. */
  minuteOfDay: number;
  weekday: IsoWeekday;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when Intl knows the IANA zone name (e.g. `Europe/London`, `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The local wall clock in `timeZone` at `instant`. */
export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const parts: Record<string, string> = {};
  for (const part of partsFormatter(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const hour = Number(parts.hour) % 24;
  const minute = Number(parts.minute);
  const second = Number(parts.second);
  const weekday = (WEEKDAY_NAMES.indexOf(
    parts.weekday.toLowerCase().slice(0, 3) as (typeof WEEKDAY_NAMES)[number],
  ) + 1) as IsoWeekday;
  return {
    date: `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`,
    year,
    month,
    day,
    hour,
    minute,
    second,
    minuteOfDay: hour * 60 + minute,
    weekday,
  };
}

/** The calendar date (`YYYY-MM-DD`) in `timeZone` at `instant`: "today" for the firm. */
export function localDate(instant: Date, timeZone: string): string {
  return zonedParts(instant, timeZone).date;
}

/** Offset of the zone from UTC at `instant`, in minutes (London in summer: 60). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / 60_000);
}

/**
 * The instant at which the wall clock in `timeZone` reads `date` `minuteOfDay`. A time skipped
 * by a DST jump (01:30 on London's spring-forward night) gives the instant the clock would show
 * had it not jumped (02:30 summer time); a time that happens twice (autumn) gives one of the two.
 */
export function zonedTimeToInstant(date: string, minuteOfDay: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d, 0, minuteOfDay);
  // Two passes settle every zone whose offset changes at most once around the wall time.
  let guess = wall - zoneOffsetMinutes(new Date(wall), timeZone) * 60_000;
  const first = guess;
  guess = wall - zoneOffsetMinutes(new Date(guess), timeZone) * 60_000;
  if (guess !== first) {
    // Around a transition: prefer the earlier instant that still shows the asked wall time.
    const earlier = Math.min(first, guess);
    const later = Math.max(first, guess);
    const shows = (t: number) => {
      const p = zonedParts(new Date(t), timeZone);
      return p.date === date && p.minuteOfDay === minuteOfDay;
    };
    if (shows(earlier)) return new Date(earlier);
    if (shows(later)) return new Date(later);
    // A skipped time: the later guess lands just after the jump.
    return new Date(later);
  }
  return new Date(guess);
}

/** `YYYY-MM-DD` plus `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return t.toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (both `YYYY-MM-DD`): positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = from.split('-').map(Number);
  const [y2, m2, d2] = to.split('-').map(Number);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/** ISO weekday of a calendar date. */
export function weekdayOf(date: string): IsoWeekday {
  const [y, m, d] = date.split('-').map(Number);
  const js = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return (js === 0 ? 7 : js) as IsoWeekday;
}

/** True when `instant` falls on a business day, at or after opening and before closing. */
export function isWithinBusinessHours(instant: Date, firm: FirmHours): boolean {
  const p = zonedParts(instant, firm.timeZone);
  return (
    firm.businessDays.includes(p.weekday) &&
    p.minuteOfDay >= firm.openMinute &&
    p.minuteOfDay < firm.closeMinute
  );
}

/**
 * The first instant at or after `instant` within business hours (itself when it already is).
 * Looks up to 14 days ahead; business days are never empty (config checks it).
 */
export function nextBusinessOpening(instant: Date, firm: FirmHours): Date {
  if (isWithinBusinessHours(instant, firm)) return instant;
  const today = localDate(instant, firm.timeZone);
  for (let i = 0; i <= 14; i++) {
    const date = addDays(today, i);
    if (!firm.businessDays.includes(weekdayOf(date))) continue;
    const opening = zonedTimeToInstant(date, firm.openMinute, firm.timeZone);
    if (opening.getTime() >= instant.getTime()) return opening;
  }
  return instant;
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

function cachedFormatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let formatter = dateFormatters.get(key);
  if (!formatter) {
    formatter = make();
    dateFormatters.set(key, formatter);
  }
  return formatter;
}

/**
 * A calendar date (`YYYY-MM-DD`, no zone: a due date) for people: `Friday, 4 December 2026`.
 * A due date is a date in the firm's calendar, so it is written as is, never shifted.
 */
export function formatDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return cachedFormatter(
    'date',
    () =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'UTC',
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
      }),
  ).format(new Date(Date.UTC(y, m - 1, d)));
}

/** An instant in the firm's zone for people: `26 November 2026 at 09:30 GMT+1`. */
export function formatDateTime(instant: Date, timeZone: string): string {
  return cachedFormatter(
    `datetime:${timeZone}`,
    () =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone,
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      }),
  ).format(instant);
}

/** `HH:MM-HH:MM` → minutes after midnight, or null when malformed or not start < end. */
export function parseBusinessHours(
  raw: string,
): { openMinute: number; closeMinute: number } | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-4]):([0-5]\d)$/.exec(raw.trim());
  if (!match) return null;
  const openMinute = Number(match[1]) * 60 + Number(match[2]);
  const closeMinute = Number(match[3]) * 60 + Number(match[4]);
  if (closeMinute > 24 * 60 || openMinute >= closeMinute) return null;
  return { openMinute, closeMinute };
}

/**
 * `mon-fri`, `mon,wed,fri` or a mix (`mon-thu,sat`) → ascending ISO weekdays, or null when a
 * name is unknown or nothing is listed. Ranges do not wrap past Sunday.
 */
export function parseBusinessDays(raw: string): IsoWeekday[] | null {
  const days = new Set<IsoWeekday>();
  for (const piece of raw.toLowerCase().split(',')) {
    const item = piece.trim();
    if (item === '') return null;
    const [fromName, toName, extra] = item.split('-').map((s) => s.trim());
    if (extra !== undefined) return null;
    const from = WEEKDAY_NAMES.indexOf(fromName as (typeof WEEKDAY_NAMES)[number]);
    const to =
      toName === undefined ? from : WEEKDAY_NAMES.indexOf(toName as (typeof WEEKDAY_NAMES)[number]);
    if (from < 0 || to < 0 || to < from) return null;
    for (let i = from; i <= to; i++) days.add((i + 1) as IsoWeekday);
  }
  return days.size === 0 ? null : [...days].sort((a, b) => a - b);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
