import { ForbiddenException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Our credential cookies: trusted-device and session cookies, with or without __Host-. */
const CREDENTIAL_COOKIE = /^(__Host-)?cp_/;

/**
 * Cross-site request forgery protection for every state-changing request that relies on a
 * cookie (SPEC rule 20). Such a request must carry `X-Requested-With: XMLHttpRequest` (a custom
 * header a cross-site form cannot send, and the API allows no CORS), and, when the browser says
 * where it comes from, come from the portal's own origin. Requests authenticated by a bearer
 * token, or carrying no credential cookie, are not exposed to CSRF and pass.
 */
export function csrfProtection(publicOrigin: string) {
  return (request: Request, _response: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(request.method)) return next();
    const cookies = (request.cookies ?? {}) as Record<string, unknown>;
    if (!Object.keys(cookies).some((name) => CREDENTIAL_COOKIE.test(name))) return next();
    const origin = request.header('origin');
    const site = request.header('sec-fetch-site');
    const sameOrigin =
      (origin === undefined || origin === publicOrigin) &&
      (site === undefined || site === 'same-origin' || site === 'none');
    if (request.header('x-requested-with') === 'XMLHttpRequest' && sameOrigin) return next();
    next(
      new ForbiddenException({
        error: 'csrf_rejected',
        message: 'This request did not come from the Client Portal page, so it was refused.',
      }),
    );
  };
}
