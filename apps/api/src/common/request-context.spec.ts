import type { Request } from 'express';
import { correlationIdOf, redactPath } from './request-context';

describe('redactPath', () => {
  const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE';

  it('removes a link token from /l/<token>', () => {
    expect(redactPath(`/l/${token}`)).toBe('/l/[redacted]');
    expect(redactPath(`/l/${token}`)).not.toContain(token);
  });

  it('removes the token wherever /l/ appears and keeps what follows', () => {
    expect(redactPath(`/api/l/${token}/status`)).toBe('/api/l/[redacted]/status');
  });

  it('strips the query string, which may carry tokens or personal data', () => {
    expect(redactPath('/api/tasks?email=jane@example.com&token=secret')).toBe('/api/tasks');
    expect(redactPath(`/l/${token}?utm_source=mail`)).toBe('/l/[redacted]');
  });

  it('leaves ordinary paths alone', () => {
    expect(redactPath('/api/health')).toBe('/api/health');
    expect(redactPath('/api/links/redeem')).toBe('/api/links/redeem');
  });
});

describe('correlationIdOf', () => {
  it('gives a request one id and keeps it', () => {
    const request = {} as Request;
    const id = correlationIdOf(request);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(correlationIdOf(request)).toBe(id);
    expect(correlationIdOf({} as Request)).not.toBe(id);
  });
});
