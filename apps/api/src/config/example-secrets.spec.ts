import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCUMENTED_EXAMPLES, exampleSecretProblem } from './example-secrets';

describe('example and placeholder secrets', () => {
  it('the README shows exactly the examples the check knows', () => {
    const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
    for (const [name, value] of Object.entries(DOCUMENTED_EXAMPLES)) {
      expect(readme).toContain(`\n${name}=${value}\n`);
    }
  });

  it('each documented example passes its length rule, so only this check can stop it', () => {
    expect(DOCUMENTED_EXAMPLES.APP_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(DOCUMENTED_EXAMPLES.ADMIN_PASSWORD.length).toBeGreaterThanOrEqual(12);
    for (const name of ['APP_SECRET', 'ADMIN_PASSWORD'] as const) {
      expect(exampleSecretProblem(name, DOCUMENTED_EXAMPLES[name])).toMatch(/example/);
      expect(exampleSecretProblem(name, DOCUMENTED_EXAMPLES[name].toUpperCase())).toMatch(
        /example/,
      );
    }
  });

  it('finds placeholder words through case, spaces and punctuation', () => {
    for (const value of [
      'Change Me, then change me again!!!',
      'REPLACE-ME-0000000000000000000000000',
      'not_a_secret_0123456789abcdefghijklmn',
      'put-your-password-here-123456',
    ]) {
      expect(exampleSecretProblem('APP_SECRET', value)).not.toBeNull();
    }
  });

  it('passes random values of the shortest allowed length', () => {
    for (let i = 0; i < 200; i++) {
      expect(exampleSecretProblem('APP_SECRET', randomBytes(16).toString('hex'))).toBeNull();
      expect(
        exampleSecretProblem('ADMIN_PASSWORD', randomBytes(9).toString('base64url')),
      ).toBeNull();
    }
  });
});
