import type { CookieOptions, Request, Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { TOKEN_PATTERN } from '../common/crypto';

/**
 * The staff session cookie of the /staff workspace (issue 12): opaque (a staff session token, the
 * same kind as the bearer token of POST /api/staff/login, with the same idle and absolute expiry),
 * HttpOnly, Secure with the __Host- prefix over https. SameSite=Strict, stricter than the
 * client's Lax: a client arrives from an e-mail link and needs its cookie on that first
 * cross-site navigation, staff never do. The workspace is a single-page app whose API calls are
 * same-site, so a link from a notice e-mail still opens a signed-in workspace, while no other
 * site can make the browser send it. Its cp_ prefix puts it under the CSRF defence in
 * common/csrf.ts, exactly like the client's cookies.
 */
export function staffCookieName(config: Pick<AppConfig, 'secureCookies'>): string {
  return config.secureCookies ? '__Host-cp_staff' : 'cp_staff';
}

function options(config: Pick<AppConfig, 'secureCookies'>): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure: config.secureCookies, path: '/' };
}

/** The staff cookie's token when well formed, else undefined. */
export function readStaffCookie(
  request: Request,
  config: Pick<AppConfig, 'secureCookies'>,
): string | undefined {
  const cookies = request.cookies as Record<string, unknown> | undefined;
  const value = cookies?.[staffCookieName(config)];
  return typeof value === 'string' && TOKEN_PATTERN.test(value) ? value : undefined;
}

export function writeStaffCookie(
  response: Response,
  config: Pick<AppConfig, 'secureCookies'>,
  token: string,
  maxAgeMs: number,
): void {
  response.cookie(staffCookieName(config), token, { ...options(config), maxAge: maxAgeMs });
}

export function clearStaffCookie(
  response: Response,
  config: Pick<AppConfig, 'secureCookies'>,
): void {
  response.clearCookie(staffCookieName(config), options(config));
}
