import type { FirmHours } from '../common/firm-time';

/** The firm's contact footer, shown on every portal page and at the foot of every e-mail. */
export interface FirmContact {
  phone: string | null;
  email: string | null;
  address: string | null;
  /** Free text (FIRM_OFFICE_HOURS), or the business hours and days written in words. */
  officeHours: string;
}

/** How the firm looks to its clients (issue 13): FIRM_NAME, FIRM_LOGO_URL, FIRM_PRIMARY_COLOR, contact. */
export interface BrandingConfig {
  name: string;
  /** An https URL, or a path the portal serves (`/assets/logo.svg`); null for none. */
  logoUrl: string | null;
  /** `#rrggbb`, dark enough for white text on it (contrast 4.5:1 or more). */
  primaryColor: string;
  contact: FirmContact;
}

type Read = (name: string) => string | undefined;

export const DEFAULT_FIRM_NAME = 'Client Portal';
export const DEFAULT_PRIMARY_COLOR = '#1d3b5a';
/** WCAG AA for normal text: white button text on the primary colour, and the colour on white. */
export const MIN_CONTRAST = 4.5;

const DAY_WORDS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * Branding from configuration, checked at start like the rest: a bad value adds a problem that
 * names the setting and what it expects. Defaults stay neutral (no sample firm).
 */
export function parseBrandingConfig(
  read: Read,
  hours: FirmHours,
  problems: string[],
): BrandingConfig {
  const name = text(read, 'FIRM_NAME', 80, problems) ?? DEFAULT_FIRM_NAME;

  const logoRaw = read('FIRM_LOGO_URL');
  let logoUrl: string | null = null;
  if (logoRaw !== undefined) {
    if (isLogoUrl(logoRaw)) logoUrl = logoRaw;
    else {
      problems.push(
        `FIRM_LOGO_URL must be an https URL or a path the portal serves, starting with / (got "${logoRaw}")`,
      );
    }
  }

  const colorRaw = read('FIRM_PRIMARY_COLOR');
  let primaryColor = DEFAULT_PRIMARY_COLOR;
  if (colorRaw !== undefined) {
    if (!/^#[0-9a-fA-F]{6}$/.test(colorRaw)) {
      problems.push(`FIRM_PRIMARY_COLOR must be a colour written #rrggbb (got "${colorRaw}")`);
    } else {
      const ratio = contrastRatio(colorRaw, '#ffffff');
      if (ratio < MIN_CONTRAST) {
        problems.push(
          `FIRM_PRIMARY_COLOR ${colorRaw} is too light for white text on buttons ` +
            `(contrast ${ratio.toFixed(2)}:1, at least ${MIN_CONTRAST}:1 needed): choose a darker colour`,
        );
      } else primaryColor = colorRaw.toLowerCase();
    }
  }

  const email = text(read, 'FIRM_CONTACT_EMAIL', 254, problems);
  if (email !== undefined && !/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(email)) {
    problems.push(`FIRM_CONTACT_EMAIL must be an e-mail address (got "${email}")`);
  }
  const phone = text(read, 'FIRM_CONTACT_PHONE', 40, problems);
  if (phone !== undefined && !/^[+()0-9 .\-/]{3,40}$/.test(phone)) {
    problems.push(
      `FIRM_CONTACT_PHONE may hold only digits, spaces and + ( ) - . / (got "${phone}")`,
    );
  }
  const address = text(read, 'FIRM_CONTACT_ADDRESS', 200, problems);
  const officeHours = text(read, 'FIRM_OFFICE_HOURS', 120, problems) ?? officeHoursInWords(hours);

  return {
    name,
    logoUrl,
    primaryColor,
    contact: {
      phone: phone ?? null,
      email: email ?? null,
      address: address ?? null,
      officeHours,
    },
  };
}

/** One line of plain text: no control characters, no HTML brackets, at most `max` characters. */
function text(read: Read, name: string, max: number, problems: string[]): string | undefined {
  const value = read(name);
  if (value === undefined) return undefined;
  // eslint-disable-next-line no-control-regex
  if (value.length > max || /[\u0000-\u001f\u007f<>]/.test(value)) {
    problems.push(`${name} must be one line of at most ${max} characters, without < or >`);
    return undefined;
  }
  return value;
}

function isLogoUrl(raw: string): boolean {
  if (/^\/(?!\/)[A-Za-z0-9._~\-/]+$/.test(raw)) return true;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** "Monday to Friday, 09:00 to 17:00 (Europe/London time)". */
export function officeHoursInWords(hours: FirmHours): string {
  const days = hours.businessDays;
  const consecutive = days.every((d, i) => i === 0 || d === days[i - 1] + 1);
  const dayText =
    days.length === 7
      ? 'Every day'
      : consecutive && days.length > 2
        ? `${DAY_WORDS[days[0] - 1]} to ${DAY_WORDS[days[days.length - 1] - 1]}`
        : listInWords(days.map((d) => DAY_WORDS[d - 1]));
  const clock = (minute: number) =>
    `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  return `${dayText}, ${clock(hours.openMinute)} to ${clock(hours.closeMinute)} (${hours.timeZone} time)`;
}

function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** WCAG relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of two `#rrggbb` colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
