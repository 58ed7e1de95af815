import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/** 256 random bits from the CSPRNG, base64url (43 characters). */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Seals short-lived secrets (a link that must still be e-mailed) with AES-256-GCM under a key
 * derived from APP_SECRET. Used by the mail outbox so that no table holds a usable token.
 *
 * A seal is bound to a context (the outbox passes its row id and recipient) as GCM associated
 * data: the same sealed value opened under any other context fails, so a payload copied to
 * another row or recipient cannot be delivered there. Format: `v2.<iv>.<tag>.<body>`.
 * Values sealed before contexts existed (`<iv>.<tag>.<body>`, no associated data) still open,
 * whatever the context, so mail queued before the upgrade is not lost; `isLegacy` tells them apart.
 */
export class Sealer {
  private readonly key: Buffer;

  constructor(appSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', appSecret, 'client-portal', 'outbox-seal', 32));
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [
      SEAL_VERSION,
      ...[iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')),
    ].join('.');
  }

  open(sealed: string, context: string): string {
    const parts = sealed.split('.');
    const legacy = Sealer.isLegacy(sealed);
    if (!legacy && (parts.length !== 4 || parts[0] !== SEAL_VERSION)) {
      throw new Error('not a sealed value');
    }
    const [iv, tag, body] = parts
      .slice(legacy ? 0 : 1)
      .map((part) => Buffer.from(part, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: 16 });
    if (!legacy) decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }

  /** A value sealed before seals were bound to a context (three parts, no version). */
  static isLegacy(sealed: string): boolean {
    return sealed.split('.').length === 3;
  }
}

const SEAL_VERSION = 'v2';

/** "jane@example.com" → "j•••@example.com". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
