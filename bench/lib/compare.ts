/**
 * Keeps the baseline honest: the same request to both servers must get the same status and the
 * same JSON (read-only endpoints: equal values; redeem: equal shape and equal task lists).
 */
import type { Answer } from './load';

/** JSON with object keys sorted (key order does not matter) and correlation ids masked. */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [
          k,
          k === 'correlationId' ? '…' : sortKeys((value as Record<string, unknown>)[k]),
        ]),
    );
  }
  return value;
}

/** The type skeleton of a JSON value: keys and types, arrays by the shapes of their items. */
export function shape(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return [...new Set(value.map((v) => canonical(shape(v))))].sort();
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, shape((value as Record<string, unknown>)[k])]),
    );
  }
  return typeof value;
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export function sameAnswer(name: string, product: Answer, baseline: Answer, exact: boolean): Check {
  if (product.status !== baseline.status) {
    return {
      name,
      ok: false,
      detail: `status ${product.status} (product) vs ${baseline.status} (baseline): ${product.text.slice(0, 300)} | ${baseline.text.slice(0, 300)}`,
    };
  }
  const a = canonical(exact ? product.body : shape(product.body));
  const b = canonical(exact ? baseline.body : shape(baseline.body));
  if (a !== b) {
    return {
      name,
      ok: false,
      detail: `${exact ? 'bodies' : 'body shapes'} differ:\n  product:  ${a.slice(0, 1500)}\n  baseline: ${b.slice(0, 1500)}`,
    };
  }
  return {
    name,
    ok: true,
    detail: `${product.status}, ${exact ? 'same body' : 'same shape'} (${product.text.length} bytes)`,
  };
}

/** Cookie name and attributes (not the secret, not the Expires date). */
export function cookieShape(answer: Answer): string {
  const raw = answer.headers['set-cookie'];
  const cookie = Array.isArray(raw) ? raw.join(' | ') : (raw ?? '');
  return cookie
    .split(';')
    .map((part) => part.trim())
    .map((part, i) => (i === 0 ? `${part.split('=')[0]}=…` : part))
    .filter((part) => !/^expires=/i.test(part))
    .join('; ');
}
