import { createHash } from 'node:crypto';

/** What an Idempotency-Key may be: 1 to 255 visible ASCII characters (a UUID, a ULID, …). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * JSON with object keys sorted at every depth, so two bodies that differ only in key order (or
 * whitespace) are the same request. Arrays keep their order: it means something.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** SHA-256 of method, path (with query) and canonical body: what "the same request" means. */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return sha256(`${method.toUpperCase()} ${url}\n${canonicalJson(body ?? null)}`);
}

/** The key is stored only as its SHA-256 (a caller may have put something private in it). */
export function keyHash(key: string): string {
  return sha256(key);
}
