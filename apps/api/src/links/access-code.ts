import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/** The code's rules (issue 14, SPEC rule 24): 6 digits, 10 minutes, 5 tries. */
export const ACCESS_CODE_TTL_MINUTES = 10;
export const ACCESS_CODE_MAX_ATTEMPTS = 5;
export const ACCESS_CODE_PATTERN = /^\d{6}$/;

/** A 6-digit code from the CSPRNG (leading zeros kept). */
export function newAccessCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * What is stored for a code: HMAC-SHA256 under APP_SECRET of the link id and the code. A plain
 * hash of a 6-digit code would fall to a million guesses offline; the key keeps a copy of the
 * table useless, and the link id ties the code to its own link.
 */
export function accessCodeHash(appSecret: string, linkId: string, code: string): string {
  return createHmac('sha256', appSecret).update(`access-code:${linkId}:${code}`).digest('hex');
}

/** Whether `code` is the one behind `storedHash`, compared in constant time. */
export function accessCodeMatches(
  appSecret: string,
  linkId: string,
  code: string,
  storedHash: string,
): boolean {
  const given = Buffer.from(accessCodeHash(appSecret, linkId, code), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === given.length && timingSafeEqual(given, stored);
}
