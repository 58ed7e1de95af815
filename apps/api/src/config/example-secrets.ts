import { commonPasswords } from '../common/password-policy';

/**
 * The values the README's production example shows. Each is long enough to pass the length rules
 * (APP_SECRET ≥ 32, ADMIN_PASSWORD ≥ 12 characters), so it is this check, not the length, that
 * stops a deployment copied from the documentation. A spec keeps the README and this list equal.
 */
export const DOCUMENTED_EXAMPLES = {
  APP_SECRET: 'change-me-to-the-output-of-openssl-rand-hex-32',
  ADMIN_PASSWORD: 'change-me-to-a-long-unique-passphrase',
} as const;

/** Words that mark a value as a placeholder, compared without case, spaces or punctuation. */
const PLACEHOLDER_MARKERS = [
  'changeme',
  'changethis',
  'replaceme',
  'replacethis',
  'yoursecret',
  'yourpassword',
  'yourpassphrase',
  'example',
  'placeholder',
  'notasecret',
  'insecure',
  'dummy',
];

/** Exactly these (again without case or punctuation) are stock values, never real secrets. */
const STOCK_VALUES = new Set([
  'secret',
  'appsecret',
  'password',
  'adminpassword',
  'admin',
  'default',
  'test',
  'sample',
  'demo',
]);

/** Random secrets of this length use many different characters; a filler uses few. */
const MIN_DISTINCT = { APP_SECRET: 8, ADMIN_PASSWORD: 5 } as const;

export type GuardedSecret = keyof typeof DOCUMENTED_EXAMPLES;

/**
 * Why `value` looks like an example or placeholder rather than a real secret, or null. Applied in
 * production whatever the value's length: a padded "change-me…" is still an example.
 */
export function exampleSecretProblem(name: GuardedSecret, value: string): string | null {
  const folded = value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  const documented = Object.values(DOCUMENTED_EXAMPLES).some(
    (example) => example.toLowerCase() === value.toLowerCase(),
  );
  if (
    documented ||
    STOCK_VALUES.has(folded) ||
    PLACEHOLDER_MARKERS.some((marker) => folded.includes(marker))
  ) {
    return `${name} is an example or placeholder value; ${advice(name)}`;
  }
  if (new Set(value).size < MIN_DISTINCT[name]) {
    return `${name} uses fewer than ${MIN_DISTINCT[name]} different characters, so it is not a real secret; ${advice(name)}`;
  }
  if (name === 'ADMIN_PASSWORD' && commonPasswords().has(value.toLowerCase())) {
    return `${name} is a common password; ${advice(name)}`;
  }
  return null;
}

function advice(name: GuardedSecret): string {
  return name === 'APP_SECRET'
    ? 'generate one with `openssl rand -hex 32`'
    : 'choose a long unique passphrase (or leave it unset and use `npm run staff:create-admin`)';
}
