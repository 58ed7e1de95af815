import type { CookieOptions, Request, Response } from 'express';
import { TOKEN_PATTERN } from '../common/crypto';
import type { AppConfig } from '../config/app-config';

/**
 * The "pending" cookie (issue 14): set by Send Access Link on the browser that asked, so the
 * e-mailed access link and its code work only there. 256 random bits, only a SHA-256 stored (on
 * the access link), HttpOnly, SameSite=Lax (the link is opened from webmail), Secure with the
 * __Host- prefix over https. It lives as long as the access link may be redeemed
 * (ACCESS_LINK_TTL_MINUTES, 60 by default) and grants nothing by itself. Its cp_ prefix puts it
 * under the CSRF defence in common/csrf.ts.
 */
export function pendingCookieName(config: Pick<AppConfig, 'secureCookies'>): string {
  return config.secureCookies ? '__Host-cp_pending' : 'cp_pending';
}

function options(config: Pick<AppConfig, 'secureCookies'>): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, path: '/' };
}

export function readPendingCookie(
  request: Request,
  config: Pick<AppConfig, 'secureCookies'>,
): string | null {
  const cookies = request.cookies as Record<string, unknown> | undefined;
  const value = cookies?.[pendingCookieName(config)];
  return typeof value === 'string' && TOKEN_PATTERN.test(value) ? value : null;
}

export function writePendingCookie(
  response: Response,
  config: Pick<AppConfig, 'secureCookies'>,
  secret: string,
  maxAgeMs: number,
): void {
  response.cookie(pendingCookieName(config), secret, { ...options(config), maxAge: maxAgeMs });
}

export function clearPendingCookie(
  response: Response,
  config: Pick<AppConfig, 'secureCookies'>,
): void {
  response.clearCookie(pendingCookieName(config), options(config));
}
