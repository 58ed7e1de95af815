import { type HttpInterceptorFn } from '@angular/common/http';

/**
 * Marks calls to our own API as JSON requests made by script. The API is same-origin, so the
 * browser sends the trusted-device cookie by itself; a custom header is one more signal a
 * cross-site form post cannot forge. (Angular's XSRF cookie-to-header protection stays on.)
 */
export const apiInterceptor: HttpInterceptorFn = (req, next) => {
  if (!req.url.startsWith('/api/')) return next(req);
  return next(
    req.clone({
      setHeaders: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
    }),
  );
};
