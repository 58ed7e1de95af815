import type { Request } from 'express';
import type { StaffRole } from '@app/contracts';

/**
 * A staff caller. `via`: a bearer session token (POST /api/staff/login), the workspace's session
 * cookie (POST /api/staff/session), or an integration token (acting with the `staff` role on
 * behalf of the admin who created it; no session).
 */
export interface StaffPrincipal {
  kind: 'staff';
  via: 'bearer' | 'cookie' | 'integration';
  staffId: string;
  username: string;
  role: StaffRole;
  sessionId: string | null;
  integrationId: string | null;
}

/** What a client-side caller may see: some dispatches (a link or PIN), or a whole client (login). */
export type TaskScope = { dispatchIds: string[] } | { clientId: string };

/**
 * A client-side caller, however they proved it: a trusted-device cookie (via 'device'), and, as
 * they land, a PIN session ('pin') or a login session ('account'). Every client endpoint scopes
 * its reads and writes by `scope`, so the three share one authorization path.
 */
export interface ClientPrincipal {
  kind: 'client';
  via: 'device' | 'pin' | 'account';
  scope: TaskScope;
  /** The clients whose tasks are in scope (one, unless a shared device holds several). */
  clientIds: string[];
  deviceId: string | null;
  sessionId: string | null;
}

export type Principal = StaffPrincipal | ClientPrincipal;

export type AuthenticatedRequest = Request & { principal?: Principal };
