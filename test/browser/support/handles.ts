// What the Playwright global setup started, kept on globalThis for the global teardown
// (both run in the runner process).
import type { MariaDbServer } from '../../support/mariadb';
import type { SmtpCatcher } from '../../support/smtp-catcher';
import type { ApiServer } from './api-server';

export interface BrowserE2eHandles {
  mariadb?: MariaDbServer;
  mailDir?: string;
  smtp?: SmtpCatcher;
  api?: ApiServer;
}

type WithHandles = typeof globalThis & { __clientPortalBrowserHandles?: BrowserE2eHandles };

export function setHandles(handles: BrowserE2eHandles): void {
  (globalThis as WithHandles).__clientPortalBrowserHandles = handles;
}

export function getHandles(): BrowserE2eHandles | undefined {
  return (globalThis as WithHandles).__clientPortalBrowserHandles;
}
