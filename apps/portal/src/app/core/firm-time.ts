import { inject, Pipe, type PipeTransform } from '@angular/core';
import { BrandingService } from './branding.service';

/**
 * Every date and time the portal shows (issue 13), in the firm's time zone with the zone named.
 * Instants (ISO strings with a time) are shifted into the zone; calendar dates (`YYYY-MM-DD`,
 * due dates) are the firm's own dates and are written as they are, never shifted.
 */
export type FirmDateStyle = 'date' | 'short-date' | 'datetime' | 'short-datetime';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(style: FirmDateStyle, timeZone: string): Intl.DateTimeFormat {
  const key = `${style}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    const month = style.startsWith('short') ? 'short' : 'long';
    const options: Intl.DateTimeFormatOptions = { day: 'numeric', month, year: 'numeric' };
    if (style.endsWith('datetime')) {
      Object.assign(options, {
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      });
    }
    try {
      f = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
    } catch {
      // An unknown zone name: the browser's own zone, still named.
      f = new Intl.DateTimeFormat('en-GB', options);
    }
    formatters.set(key, f);
  }
  return f;
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "6 December 2030" (style date), "26 Nov 2026, 14:05 GMT" (short-datetime), …; '' for none. */
export function formatFirmDate(
  value: string | Date | null | undefined,
  timeZone: string,
  style: FirmDateStyle = 'date',
): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string' && CALENDAR_DATE.test(value)) {
    // A calendar date: written as is (formatted at UTC midnight in UTC).
    const dateStyle = style.startsWith('short') ? 'short-date' : 'date';
    return formatter(dateStyle, 'UTC').format(new Date(`${value}T00:00:00Z`));
  }
  const when = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(when.getTime())) return '';
  return formatter(style, timeZone).format(when);
}

/** "26 November 2026 at 14:05 GMT": the long date and time, as e-mails write it. */
export function firmDateTime(iso: string, timeZone: string): string {
  return formatFirmDate(iso, timeZone, 'datetime');
}

/** `{{ value | firmDate: 'short-datetime' }}`: a date or time in the firm's zone. */
@Pipe({ name: 'firmDate' })
export class FirmDatePipe implements PipeTransform {
  private readonly branding = inject(BrandingService);

  transform(value: string | Date | null | undefined, style: FirmDateStyle = 'date'): string {
    return formatFirmDate(value, this.branding.timeZone, style);
  }
}
