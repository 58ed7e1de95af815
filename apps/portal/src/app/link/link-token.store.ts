import { Injectable } from '@angular/core';

export const LINK_TOKEN_KEY = 'cp.linkToken';

/**
 * Keeps the link token for this tab only (sessionStorage), so the address bar can drop it and a
 * reload still works. Storage can be unavailable (privacy modes); then we simply keep nothing.
 */
@Injectable({ providedIn: 'root' })
export class LinkTokenStore {
  read(): string | null {
    try {
      return sessionStorage.getItem(LINK_TOKEN_KEY);
    } catch {
      return null;
    }
  }

  save(token: string): void {
    try {
      sessionStorage.setItem(LINK_TOKEN_KEY, token);
    } catch {
      // Storage refused: the page still works until it is reloaded.
    }
  }

  clear(): void {
    try {
      sessionStorage.removeItem(LINK_TOKEN_KEY);
    } catch {
      // Nothing stored, nothing to clear.
    }
  }
}
