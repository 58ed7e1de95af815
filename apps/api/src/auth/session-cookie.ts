import type { CookieOptions, Request, Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { TOKEN_PATTERN } from '../common/crypto';

/**
 * The client session cookie (login or PIN session, SPEC rule 20): opaque, HttpOnly,
 * SameSite=Lax, Secure with the __Host- prefix over https. Its cp_ prefix puts it under the
 * CSRF defence in common/csrf.ts.
 */
export function sessionCookieName(config: Pick<AppConfig, 'secureCookies'>): string {
  return config.secureCookies ? '__Host-cp_session' : 'cp_session';
}

function options(config: Pick<AppConfig, 'secureCookies'>): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, path: '/' };
}

export function readSessionCookie(
  request: Request,
  config: Pick<AppConfig, 'secureCookies'>,
): string | undefined {
  const cookies = request.cookies as Record<string, unknown> | undefined;
  const value = cookies?.[sessionCookieName(config)];
  return typeof value === 'string' && TOKEN_PATTERN.test(value) ? value : undefined;
}

export function writeSessionCookie(
  response: Response,
  config: Pick<AppConfig, 'secureCookies'>,
  token: string,
  maxAgeMs: number,
): void {
  response.cookie(sessionCookieName(config), token, { ...options(config), maxAge: maxAgeMs });
}

export function clearSessionCookie(
  response: Response,
  config: Pick<AppConfig, 'secureCookies'>,
): void {
  response.clearCookie(sessionCookieName(config), options(config));
}
