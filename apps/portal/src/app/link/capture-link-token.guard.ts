import { inject } from '@angular/core';
import { type CanActivateFn, RedirectCommand, Router } from '@angular/router';
import { LinkTokenStore } from './link-token.store';

/**
 * Runs for /l/:token: keeps the token for this tab and moves to /l, replacing the history
 * entry so the token leaves the address bar (and history) before any page renders.
 * It changes nothing on the server.
 */
export const captureLinkToken: CanActivateFn = (route) => {
  const token = route.paramMap.get('token')?.trim();
  if (token) inject(LinkTokenStore).save(token);
  return new RedirectCommand(inject(Router).parseUrl('/l'), { replaceUrl: true });
};
