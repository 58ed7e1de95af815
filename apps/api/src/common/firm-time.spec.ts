import {
  addDays,
  daysBetween,
  formatDate,
  formatDateTime,
  isWithinBusinessHours,
  localDate,
  nextBusinessOpening,
  parseBusinessDays,
  parseBusinessHours,
  weekdayOf,
  zonedParts,
  zonedTimeToInstant,
  type FirmHours,
} from './firm-time';

const LONDON: FirmHours = {
  timeZone: 'Europe/London',
  openMinute: 9 * 60,
  closeMinute: 17 * 60,
  businessDays: [1, 2, 3, 4, 5],
};

describe('firm time', () => {
  it('gives the local date and time in the zone', () => {
    // 23:30 UTC on 30 Nov is already 1 Dec in Auckland, still 30 Nov in New York.
    const instant = new Date('2026-11-30T23:30:00Z');
    expect(localDate(instant, 'Pacific/Auckland')).toBe('2026-12-01');
    expect(localDate(instant, 'America/New_York')).toBe('2026-11-30');
    expect(zonedParts(instant, 'Asia/Kolkata')).toMatchObject({
      date: '2026-12-01',
      hour: 5,
      minute: 0,
      weekday: 2,
    });
  });

  it('turns a local wall time into an instant, across DST changes', () => {
    expect(zonedTimeToInstant('2026-07-01', 540, 'Europe/London').toISOString()).toBe(
      '2026-07-01T08:00:00.000Z',
    );
    expect(zonedTimeToInstant('2026-12-01', 540, 'Europe/London').toISOString()).toBe(
      '2026-12-01T09:00:00.000Z',
    );
    // The days of the change themselves: 09:00 local is on the new offset.
    expect(zonedTimeToInstant('2026-03-29', 540, 'Europe/London').toISOString()).toBe(
      '2026-03-29T08:00:00.000Z',
    );
    expect(zonedTimeToInstant('2026-10-25', 540, 'Europe/London').toISOString()).toBe(
      '2026-10-25T09:00:00.000Z',
    );
    // 01:30 does not exist in London on 29 March 2026: the clock jumps 01:00 → 02:00.
    expect(zonedTimeToInstant('2026-03-29', 90, 'Europe/London').toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(zonedTimeToInstant('2026-11-01', 600, 'America/New_York').toISOString()).toBe(
      '2026-11-01T15:00:00.000Z',
    );
  });

  it('counts calendar days without hours (DST days are still one day)', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-12-31', '2026-12-28')).toBe(-3);
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(weekdayOf('2026-11-26')).toBe(4);
  });

  it('knows business hours in the zone', () => {
    // Thursday 26 Nov 2026: London is on GMT.
    expect(isWithinBusinessHours(new Date('2026-11-26T08:59:00Z'), LONDON)).toBe(false);
    expect(isWithinBusinessHours(new Date('2026-11-26T09:00:00Z'), LONDON)).toBe(true);
    expect(isWithinBusinessHours(new Date('2026-11-26T17:00:00Z'), LONDON)).toBe(false);
    // Summer: 08:30 UTC is 09:30 BST.
    expect(isWithinBusinessHours(new Date('2026-07-02T08:30:00Z'), LONDON)).toBe(true);
    // Saturday.
    expect(isWithinBusinessHours(new Date('2026-11-28T12:00:00Z'), LONDON)).toBe(false);
  });

  it('finds the next opening', () => {
    const friday = new Date('2026-11-27T18:00:00Z');
    expect(nextBusinessOpening(friday, LONDON).toISOString()).toBe('2026-11-30T09:00:00.000Z');
    const early = new Date('2026-11-26T06:00:00Z');
    expect(nextBusinessOpening(early, LONDON).toISOString()).toBe('2026-11-26T09:00:00.000Z');
    const open = new Date('2026-11-26T10:00:00Z');
    expect(nextBusinessOpening(open, LONDON)).toBe(open);
  });

  it('writes dates and times for people', () => {
    expect(formatDate('2026-12-04')).toBe('Friday, 4 December 2026');
    expect(formatDateTime(new Date('2026-07-01T08:05:00Z'), 'Europe/London')).toBe(
      '1 July 2026 at 09:05 BST',
    );
  });

  it('parses business hours and days', () => {
    expect(parseBusinessHours('09:00-17:00')).toEqual({ openMinute: 540, closeMinute: 1020 });
    expect(parseBusinessHours('00:00-24:00')).toEqual({ openMinute: 0, closeMinute: 1440 });
    expect(parseBusinessHours('17:00-09:00')).toBeNull();
    expect(parseBusinessHours('9:00-17:00')).toBeNull();
    expect(parseBusinessDays('mon-fri')).toEqual([1, 2, 3, 4, 5]);
    expect(parseBusinessDays('Sun, mon')).toEqual([1, 7]);
    expect(parseBusinessDays('')).toBeNull();
    expect(parseBusinessDays('mon,,tue')).toBeNull();
  });
});
