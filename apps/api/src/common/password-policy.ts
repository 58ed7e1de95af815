import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

let common: Set<string> | undefined;

/** The shipped list of common and breached passwords (data/common-passwords.txt), lower-cased. */
export function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(join(__dirname, 'data', 'common-passwords.txt'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
  );
  return common;
}

/**
 * SPEC rule 15: 12 to 128 characters, no composition rules, and not a common or breached
 * password (nor the username or e-mail itself, nor one character repeated). Returns the reason a
 * password is refused, or null when it is fine.
 */
export function passwordProblem(password: string, context: string[] = []): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `password must be at least ${PASSWORD_MIN} characters long`;
  if (length > PASSWORD_MAX) return `password must be at most ${PASSWORD_MAX} characters long`;
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower) || /^(.)\1*$/u.test(password)) {
    return 'this password is too common (it appears in lists of leaked passwords); please choose another';
  }
  if (context.some((value) => value && lower === value.trim().toLowerCase())) {
    return 'password must not be your username or e-mail address';
  }
  return null;
}
