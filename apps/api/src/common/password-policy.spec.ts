import { commonPasswords, passwordProblem } from './password-policy';

describe('password policy (SPEC rule 15)', () => {
  it('ships a list of at least 10,000 common passwords', () => {
    expect(commonPasswords().size).toBeGreaterThanOrEqual(10_000);
    expect(commonPasswords().has('password')).toBe(true);
  });

  it('accepts 12 to 128 characters with no composition rules', () => {
    expect(passwordProblem('plain lowercase words')).toBeNull();
    expect(passwordProblem('x'.repeat(11) + 'y')).toBeNull();
    expect(passwordProblem('é'.repeat(64) + 'ü'.repeat(64))).toBeNull();
  });

  it('refuses fewer than 12 and more than 128 characters', () => {
    expect(passwordProblem('short pass1')).toMatch(/at least 12/);
    expect(passwordProblem('a'.repeat(64) + 'b'.repeat(65))).toMatch(/at most 128/);
  });

  it.each(['1qaz2wsx3edc', 'Qwerty123456', 'QAZWSXEDCRFV', 'leavemealone'])(
    'refuses a listed password whatever its case (%s)',
    (password) => {
      expect(passwordProblem(password)).toMatch(/too common/);
    },
  );

  it('refuses one character repeated', () => {
    expect(passwordProblem('zzzzzzzzzzzzzz')).toMatch(/too common/);
  });

  it('refuses the username or e-mail itself', () => {
    expect(passwordProblem('Jane.Client.2030', ['jane.client.2030'])).toMatch(/username or e-mail/);
  });
});
