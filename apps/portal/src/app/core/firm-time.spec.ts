import { formatFirmDate, firmDateTime } from './firm-time';

describe('formatFirmDate (issue 13: every date in the firm zone)', () => {
  it('shifts an instant into the firm zone and names the zone', () => {
    const iso = '2026-07-01T23:30:00.000Z';
    expect(formatFirmDate(iso, 'Europe/London', 'datetime')).toBe('2 July 2026 at 00:30 BST');
    expect(formatFirmDate(iso, 'UTC', 'short-datetime')).toBe('1 Jul 2026, 23:30 UTC');
    expect(formatFirmDate(iso, 'America/New_York', 'short-date')).toBe('1 Jul 2026');
    expect(formatFirmDate(iso, 'Asia/Tokyo', 'short-date')).toBe('2 Jul 2026');
    expect(firmDateTime('2026-11-26T14:05:00Z', 'Europe/London')).toBe(
      '26 November 2026 at 14:05 GMT',
    );
  });

  it('writes a calendar date (a due date) as it is, whatever the zone', () => {
    expect(formatFirmDate('2030-12-06', 'Pacific/Kiritimati')).toBe('6 December 2030');
    expect(formatFirmDate('2030-12-06', 'Pacific/Pago_Pago', 'short-date')).toBe('6 Dec 2030');
  });

  it('gives nothing for no date, and falls back to the browser zone for an unknown one', () => {
    expect(formatFirmDate(null, 'UTC')).toBe('');
    expect(formatFirmDate('not a date', 'UTC')).toBe('');
    expect(formatFirmDate('2026-07-01T12:00:00Z', 'Not/AZone', 'date')).toMatch(/July 2026/);
  });
});
