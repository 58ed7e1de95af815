import { maskEmail, newToken, normaliseEmail, Sealer, sha256Hex, TOKEN_PATTERN } from './crypto';

const SECRET = 'k'.repeat(64);

/** Replaces the character at `index` with a different base64url character. */
function flipAt(value: string, index: number): string {
  const replacement = value[index] === 'A' ? 'B' : 'A';
  return value.slice(0, index) + replacement + value.slice(index + 1);
}

describe('newToken', () => {
  it('is 256 random bits: 43 base64url characters that decode to 32 bytes', () => {
    const token = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token).toMatch(TOKEN_PATTERN);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('never repeats across many calls', () => {
    const tokens = new Set(Array.from({ length: 2000 }, () => newToken()));
    expect(tokens.size).toBe(2000);
  });

  it('honours a requested byte length', () => {
    expect(Buffer.from(newToken(16), 'base64url')).toHaveLength(16);
  });
});

describe('sha256Hex', () => {
  it('matches the published SHA-256 test vectors', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes a Buffer the same as the equivalent string', () => {
    expect(sha256Hex(Buffer.from('abc'))).toBe(sha256Hex('abc'));
  });
});

describe('Sealer', () => {
  const plain = JSON.stringify({
    linkUrl: 'https://portal.example.com/l/' + 'x'.repeat(43),
    name: 'Zoë',
  });

  it('opens what it sealed', () => {
    const sealer = new Sealer(SECRET);
    expect(sealer.open(sealer.seal(plain))).toBe(plain);
    expect(sealer.open(sealer.seal(''))).toBe('');
  });

  it('does not leave the plain text readable in the sealed form', () => {
    const sealed = new Sealer(SECRET).seal(plain);
    expect(sealed).not.toContain('portal.example.com');
    expect(Buffer.from(sealed.split('.')[2], 'base64url').toString('utf8')).not.toContain('portal');
  });

  it('uses a fresh IV each time, so equal plain texts seal differently', () => {
    const sealer = new Sealer(SECRET);
    expect(sealer.seal(plain)).not.toBe(sealer.seal(plain));
  });

  it.each([
    ['the IV', 0],
    ['the auth tag', 1],
    ['the cipher text', 2],
  ])('refuses a sealed value whose %s was tampered with', (_part, partIndex) => {
    const sealer = new Sealer(SECRET);
    const parts = sealer.seal(plain).split('.');
    parts[partIndex] = flipAt(parts[partIndex], 0);
    expect(() => sealer.open(parts.join('.'))).toThrow();
  });

  it('refuses a tampered character in the middle of the sealed value', () => {
    const sealer = new Sealer(SECRET);
    const sealed = sealer.seal(plain);
    const middle = sealed.lastIndexOf('.') + 5;
    expect(() => sealer.open(flipAt(sealed, middle))).toThrow();
  });

  it('cannot be opened under a different APP_SECRET', () => {
    const sealed = new Sealer(SECRET).seal(plain);
    expect(() => new Sealer('z'.repeat(64)).open(sealed)).toThrow();
  });

  it('refuses a value that is not a sealed value at all', () => {
    expect(() => new Sealer(SECRET).open('not-sealed')).toThrow();
  });
});

describe('maskEmail', () => {
  it('shows the first letter and the domain only', () => {
    expect(maskEmail('jane@example.com')).toBe('j•••@example.com');
  });

  it('hides the length of the local part', () => {
    expect(maskEmail('j@example.com')).toBe('j•••@example.com');
    expect(maskEmail('jonathan.smith@example.com')).toBe('j•••@example.com');
  });

  it('masks at the last @ when the local part holds one', () => {
    expect(maskEmail('"a@b"@example.com')).toBe('"•••@example.com');
  });

  it.each(['', 'no-at-sign', '@example.com'])(
    'reveals nothing for a value that is not an address (%p)',
    (value) => {
      expect(maskEmail(value)).toBe('•••');
    },
  );
});

describe('normaliseEmail', () => {
  it('trims and lower-cases the order email', () => {
    expect(normaliseEmail('  Jane.Doe@Example.COM \n')).toBe('jane.doe@example.com');
  });

  it('treats differently-cased spellings as the same client', () => {
    expect(normaliseEmail('JANE@example.com')).toBe(normaliseEmail('jane@EXAMPLE.com '));
  });
});
