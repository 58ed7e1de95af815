import type { CookieOptions, Request, Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { newToken } from '../common/crypto';
import { deviceCookieName, readDeviceCookie, writeDeviceCookie } from './device-cookie';

const HTTP = { secureCookies: false } as AppConfig;
const HTTPS = { secureCookies: true } as AppConfig;

function captureCookie(config: AppConfig, secret: string) {
  const calls: Array<[string, string, CookieOptions]> = [];
  const response = {
    cookie: (name: string, value: string, options: CookieOptions) => {
      calls.push([name, value, options]);
      return response;
    },
  } as unknown as Response;
  writeDeviceCookie(response, config, secret);
  expect(calls).toHaveLength(1);
  return { name: calls[0][0], value: calls[0][1], options: calls[0][2] };
}

const requestWith = (cookies: Record<string, unknown> | undefined) =>
  ({ cookies }) as unknown as Request;

describe('device cookie', () => {
  it('is called cp_device over http', () => {
    expect(deviceCookieName(HTTP)).toBe('cp_device');
  });

  it('is called __Host-cp_device over https', () => {
    expect(deviceCookieName(HTTPS)).toBe('__Host-cp_device');
  });

  describe('writeDeviceCookie', () => {
    it('sets an HttpOnly, SameSite=Lax cookie on path / without Secure over http', () => {
      const secret = newToken();
      const cookie = captureCookie(HTTP, secret);
      expect(cookie.name).toBe('cp_device');
      expect(cookie.value).toBe(secret);
      expect(cookie.options).toMatchObject({
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: false,
      });
    });

    it('adds Secure and the __Host- prefix over https, with no Domain (as __Host- requires)', () => {
      const cookie = captureCookie(HTTPS, newToken());
      expect(cookie.name).toBe('__Host-cp_device');
      expect(cookie.options).toMatchObject({
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: true,
      });
      expect(cookie.options.domain).toBeUndefined();
    });

    it('is never SameSite=Strict, so a click from webmail still carries it', () => {
      expect(captureCookie(HTTPS, newToken()).options.sameSite).toBe('lax');
    });

    it('persists (has a max age) so the browser stays trusted across restarts, within 400 days', () => {
      const { maxAge } = captureCookie(HTTP, newToken()).options;
      expect(maxAge).toBeGreaterThan(0);
      expect(maxAge).toBeLessThanOrEqual(400 * 24 * 60 * 60 * 1000);
    });
  });

  describe('readDeviceCookie', () => {
    it('reads a well-formed secret from the cookie of the current scheme', () => {
      const secret = newToken();
      expect(readDeviceCookie(requestWith({ cp_device: secret }), HTTP)).toBe(secret);
      expect(readDeviceCookie(requestWith({ '__Host-cp_device': secret }), HTTPS)).toBe(secret);
    });

    it('ignores the cookie of the other scheme', () => {
      const secret = newToken();
      expect(readDeviceCookie(requestWith({ cp_device: secret }), HTTPS)).toBeUndefined();
      expect(readDeviceCookie(requestWith({ '__Host-cp_device': secret }), HTTP)).toBeUndefined();
    });

    it.each([
      ['too short', 'abc'],
      ['one character short', newToken().slice(1)],
      ['one character long', newToken() + 'A'],
      ['not base64url', '!'.repeat(43)],
      ['padded base64', newToken().slice(0, 42) + '='],
      ['with spaces', ' '.repeat(43)],
      ['empty', ''],
    ])('ignores a malformed value (%s)', (_what, value) => {
      expect(readDeviceCookie(requestWith({ cp_device: value }), HTTP)).toBeUndefined();
    });

    it('ignores a non-string value (e.g. a JSON cookie)', () => {
      expect(readDeviceCookie(requestWith({ cp_device: { a: 1 } }), HTTP)).toBeUndefined();
    });

    it('copes with a request that has no cookies parsed', () => {
      expect(readDeviceCookie(requestWith(undefined), HTTP)).toBeUndefined();
    });
  });
});
