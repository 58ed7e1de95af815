import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
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
  const CONTEXT = 'outbox\u0000row-1\u0000jane@example.com';

  it('opens what it sealed under the same context', () => {
    const sealer = new Sealer(SECRET);
    expect(sealer.open(sealer.seal(plain, CONTEXT), CONTEXT)).toBe(plain);
    expect(sealer.open(sealer.seal('', CONTEXT), CONTEXT)).toBe('');
  });

  it('does not leave the plain text readable in the sealed form', () => {
    const sealed = new Sealer(SECRET).seal(plain, CONTEXT);
    expect(sealed).not.toContain('portal.example.com');
    expect(sealed).not.toContain('jane');
    expect(Buffer.from(sealed.split('.')[3], 'base64url').toString('utf8')).not.toContain('portal');
  });

  it('uses a fresh IV each time, so equal plain texts seal differently', () => {
    const sealer = new Sealer(SECRET);
    expect(sealer.seal(plain, CONTEXT)).not.toBe(sealer.seal(plain, CONTEXT));
  });

  describe('binds the seal to its context (outbox row id and recipient)', () => {
    const sealer = new Sealer(SECRET);
    const sealed = sealer.seal(plain, 'outbox\u0000row-1\u0000jane@example.com');

    it('opens on the row and recipient it was sealed for', () => {
      expect(sealer.open(sealed, 'outbox\u0000row-1\u0000jane@example.com')).toBe(plain);
    });

    it.each([
      ['moved to another row', 'outbox\u0000row-2\u0000jane@example.com'],
      ['sent to another recipient', 'outbox\u0000row-1\u0000mallory@example.com'],
      ['another row and recipient', 'outbox\u0000row-2\u0000mallory@example.com'],
      ['a recipient differing only in case', 'outbox\u0000row-1\u0000Jane@example.com'],
      ['no context', ''],
    ])('refuses the payload %s', (_case, otherContext) => {
      expect(() => sealer.open(sealed, otherContext)).toThrow();
    });
  });

  it.each([
    ['the IV', 1],
    ['the auth tag', 2],
    ['the cipher text', 3],
  ])('refuses a sealed value whose %s was tampered with', (_part, partIndex) => {
    const sealer = new Sealer(SECRET);
    const parts = sealer.seal(plain, CONTEXT).split('.');
    parts[partIndex] = flipAt(parts[partIndex], 0);
    expect(() => sealer.open(parts.join('.'), CONTEXT)).toThrow();
  });

  it('refuses a tampered character in the middle of the sealed value', () => {
    const sealer = new Sealer(SECRET);
    const sealed = sealer.seal(plain, CONTEXT);
    const middle = sealed.lastIndexOf('.') + 5;
    expect(() => sealer.open(flipAt(sealed, middle), CONTEXT)).toThrow();
  });

  it('refuses a truncated auth tag', () => {
    const sealer = new Sealer(SECRET);
    const parts = sealer.seal(plain, CONTEXT).split('.');
    parts[2] = Buffer.from(parts[2], 'base64url').subarray(0, 4).toString('base64url');
    expect(() => sealer.open(parts.join('.'), CONTEXT)).toThrow();
  });

  it('cannot be opened under a different APP_SECRET', () => {
    const sealed = new Sealer(SECRET).seal(plain, CONTEXT);
    expect(() => new Sealer('z'.repeat(64)).open(sealed, CONTEXT)).toThrow();
  });

  it('refuses a value that is not a sealed value at all', () => {
    expect(() => new Sealer(SECRET).open('not-sealed', CONTEXT)).toThrow();
    expect(() => new Sealer(SECRET).open('v3.a.b.c', CONTEXT)).toThrow();
  });

  describe('values sealed before seals had a context (queued before the upgrade)', () => {
    const legacy = legacySeal(SECRET, plain);

    it('are recognised as legacy, and new seals are not', () => {
      expect(Sealer.isLegacy(legacy)).toBe(true);
      expect(Sealer.isLegacy(new Sealer(SECRET).seal(plain, CONTEXT))).toBe(false);
    });

    it('still open, so mail queued before the upgrade is delivered', () => {
      expect(new Sealer(SECRET).open(legacy, CONTEXT)).toBe(plain);
    });

    it('still refuse tampering and a different APP_SECRET', () => {
      expect(() => new Sealer(SECRET).open(flipAt(legacy, legacy.length - 3), CONTEXT)).toThrow();
      expect(() => new Sealer('z'.repeat(64)).open(legacy, CONTEXT)).toThrow();
    });
  });
});

/** The seal format before contexts: `<iv>.<tag>.<body>`, no associated data. */
function legacySeal(secret: string, plain: string): string {
  const key = Buffer.from(hkdfSync('sha256', secret, 'client-portal', 'outbox-seal', 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

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
