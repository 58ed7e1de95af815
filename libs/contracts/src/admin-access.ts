import type { LinkKind } from './links';

/** A client's trusted device as staff see it. */
export interface AdminDeviceView {
  id: string;
  label: string | null;
  createdAt: string;
  lastSeenAt: string;
  /** Dispatches this device may open now. */
  activeDispatchIds: string[];
  revokedAt: string | null;
}

export interface AdminLinkView {
  id: string;
  kind: LinkKind;
  dispatchId: string;
  /** ready (unused), used, expired, superseded, withdrawn (by staff). */
  state: 'ready' | 'used' | 'expired' | 'superseded' | 'withdrawn';
  createdAt: string;
  redeemBy: string;
  expiresAt: string;
  usedAt: string | null;
  usedByDeviceId: string | null;
}

export interface AuditEventView {
  id: string;
  type: string;
  actorType: string;
  actorId: string | null;
  clientId: string | null;
  subjectId: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface PurgeResult {
  links: number;
  deviceGrants: number;
  sessions: number;
}
