// What the jest global setup started, kept on globalThis for the global teardown
// (both run in jest's main process).
import type { MariaDbServer } from '../support/mariadb';
import type { SmtpCatcher } from '../support/smtp-catcher';

export interface E2eHandles {
  mailDir?: string;
  smtp?: SmtpCatcher;
  mariadb?: MariaDbServer;
}

type WithHandles = typeof globalThis & { __clientPortalE2eHandles?: E2eHandles };

export function setHandles(handles: E2eHandles): void {
  (globalThis as WithHandles).__clientPortalE2eHandles = handles;
}

export function getHandles(): E2eHandles | undefined {
  return (globalThis as WithHandles).__clientPortalE2eHandles;
}
