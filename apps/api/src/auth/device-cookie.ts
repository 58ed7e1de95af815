import type { CookieOptions, Request, Response } from 'express';
import type { AppConfig } from '../config/app-config';

/**
 * The trusted-device cookie (SPEC rule 10): HttpOnly, SameSite=Lax (a click from webmail must
 * carry it), and Secure with the __Host- prefix whenever the portal is served over https.
 */
export function deviceCookieName(config: Pick<AppConfig, 'secureCookies'>): string {
  return config.secureCookies ? '__Host-cp_device' : 'cp_device';
}

function options(config: Pick<AppConfig, 'secureCookies'>, maxAgeMs: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    path: '/',
    maxAge: maxAgeMs,
  };
}

export function readDeviceCookie(
  request: Request,
  config: Pick<AppConfig, 'secureCookies'>,
): string | undefined {
  const cookies = request.cookies as Record<string, string | undefined> | undefined;
  const value = cookies?.[deviceCookieName(config)];
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

export function writeDeviceCookie(
  response: Response,
  config: Pick<AppConfig, 'secureCookies'>,
  secret: string,
): void {
  const maxAge = 400 * 24 * 60 * 60 * 1000; // browsers cap cookie lifetimes at 400 days
  response.cookie(deviceCookieName(config), secret, options(config, maxAge));
}
