import type { Request } from 'express';
import type { StaffRole } from '@app/contracts';

export interface StaffPrincipal {
  kind: 'staff';
  staffId: string;
  username: string;
  role: StaffRole;
  sessionId: string;
}

/** A trusted device and the dispatches it may open right now. */
export interface DevicePrincipal {
  kind: 'device';
  deviceId: string;
  dispatchIds: string[];
  clientIds: string[];
}

export type Principal = StaffPrincipal | DevicePrincipal;

export type AuthenticatedRequest = Request & { principal?: Principal };
