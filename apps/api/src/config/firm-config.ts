import {
  parseBusinessDays,
  parseBusinessHours,
  isValidTimeZone,
  type FirmHours,
} from '../common/firm-time';

export type FirmConfig = FirmHours;

type Read = (name: string) => string | undefined;

/**
 * The firm's clock (issue 13): FIRM_TIME_ZONE (IANA name, checked with Intl; default UTC),
 * FIRM_BUSINESS_HOURS (`HH:MM-HH:MM`, default 09:00-17:00) and FIRM_BUSINESS_DAYS (`mon-fri`,
 * `mon,wed,fri`, …; default mon-fri). Dates and times shown to people are in this zone; reminder
 * digests leave only within these hours.
 */
export function parseFirmConfig(read: Read, problems: string[]): FirmConfig {
  let timeZone = read('FIRM_TIME_ZONE') ?? 'UTC';
  if (!isValidTimeZone(timeZone)) {
    problems.push(
      `FIRM_TIME_ZONE must be an IANA time zone name such as Europe/London (got "${timeZone}")`,
    );
    timeZone = 'UTC';
  }
  const hoursRaw = read('FIRM_BUSINESS_HOURS') ?? '09:00-17:00';
  let hours = parseBusinessHours(hoursRaw);
  if (!hours) {
    problems.push(
      `FIRM_BUSINESS_HOURS must be HH:MM-HH:MM with the opening before the closing, e.g. 09:00-17:00 (got "${hoursRaw}")`,
    );
    hours = { openMinute: 9 * 60, closeMinute: 17 * 60 };
  }
  const daysRaw = read('FIRM_BUSINESS_DAYS') ?? 'mon-fri';
  let businessDays = parseBusinessDays(daysRaw);
  if (!businessDays) {
    problems.push(`FIRM_BUSINESS_DAYS must list days as mon-fri or mon,tue,… (got "${daysRaw}")`);
    businessDays = [1, 2, 3, 4, 5];
  }
  return { timeZone, ...hours, businessDays };
}
