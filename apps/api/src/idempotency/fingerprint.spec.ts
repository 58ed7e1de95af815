import { canonicalJson, IDEMPOTENCY_KEY_PATTERN, keyHash, requestFingerprint } from './fingerprint';

describe('Idempotency-Key fingerprints', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,1]},"b":1}',
    );
    expect(canonicalJson([{ y: 1, x: 2 }])).toBe('[{"x":2,"y":1}]');
  });

  it('leaves out undefined members and reads a missing body as null', () => {
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
    expect(requestFingerprint('post', '/api/x', undefined)).toBe(
      requestFingerprint('POST', '/api/x', null),
    );
  });

  it('is the same for the same request written in another key order', () => {
    const a = requestFingerprint('POST', '/api/admin/clients', { email: 'a@b.c', name: 'A' });
    const b = requestFingerprint('POST', '/api/admin/clients', { name: 'A', email: 'a@b.c' });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs when the body, the path or the method differ', () => {
    const base = requestFingerprint('POST', '/api/admin/clients', { name: 'A' });
    expect(requestFingerprint('POST', '/api/admin/clients', { name: 'B' })).not.toBe(base);
    expect(requestFingerprint('POST', '/api/admin/clientz', { name: 'A' })).not.toBe(base);
    expect(requestFingerprint('PUT', '/api/admin/clients', { name: 'A' })).not.toBe(base);
    expect(requestFingerprint('POST', '/api/admin/clients', { name: ['A'] })).not.toBe(base);
  });

  it('stores keys as a SHA-256 only', () => {
    expect(keyHash('order-42')).toMatch(/^[0-9a-f]{64}$/);
    expect(keyHash('order-42')).not.toContain('order');
  });

  it('accepts 1-255 visible ASCII characters as a key, nothing else', () => {
    expect(IDEMPOTENCY_KEY_PATTERN.test('3f1c2a4e-8b8e-4c43-9a1e-0d6f7e2b1a90')).toBe(true);
    expect(IDEMPOTENCY_KEY_PATTERN.test('')).toBe(false);
    expect(IDEMPOTENCY_KEY_PATTERN.test('has space')).toBe(false);
    expect(IDEMPOTENCY_KEY_PATTERN.test('é')).toBe(false);
    expect(IDEMPOTENCY_KEY_PATTERN.test('x'.repeat(256))).toBe(false);
  });
});
