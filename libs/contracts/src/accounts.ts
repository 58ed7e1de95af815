import type { StaffRole } from './admin';

/** How a client-side caller proved who they are. */
export type ClientVia = 'device' | 'pin' | 'account';

/** Create a login from a trusted link (or PIN) page. */
export interface CreateAccountRequest {
  /** Must be the order email (trimmed, case-insensitive). */
  email: string;
  username: string;
  password: string;
}

export interface SignInRequest {
  /** The username, or the order email. */
  username: string;
  password: string;
}

export interface AccountSessionResponse {
  username: string;
  /** ISO time the session ends at the latest (absolute timeout). */
  expiresAt: string;
}

/** Who this browser is on the client side. */
export interface ClientMeResponse {
  via: ClientVia;
  /** Present when logged in, or when the client already has a login. */
  username: string | null;
  /** Masked order email of the client in scope, e.g. "j•••@example.com". */
  maskedEmail: string | null;
  /** True when this browser may create a login (trusted link or PIN, no login yet). */
  canCreateLogin: boolean;
}

export interface DeviceView {
  id: string;
  /** "Chrome on Android"; null when the browser did not say. */
  label: string | null;
  createdAt: string;
  lastSeenAt: string;
  /** Number of dispatches (sendings) this device may open. */
  dispatchCount: number;
  /** True for the browser asking. */
  current: boolean;
}

export interface SessionView {
  id: string;
  kind: 'account' | 'pin';
  label: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  current: boolean;
}

export interface AccessListResponse {
  devices: DeviceView[];
  sessions: SessionView[];
}

/** Legacy PIN page: the task reference from the e-mail and its PIN. */
export interface PinSignInRequest {
  reference: string;
  pin: string;
}

export interface PinSessionResponse {
  reference: string;
  expiresAt: string;
}

export interface CreateStaffRequest {
  username: string;
  password: string;
  role: StaffRole;
  /** Where notices of client activity go (issue 12). */
  email?: string;
  /** The name clients and colleagues see (e.g. "Anna Berg"), 1 to 100 characters; default: the username. */
  displayName?: string;
}

/** PATCH /api/admin/staff/:staffId (admins only): only the fields given change. */
export interface UpdateStaffRequest {
  /** null removes the address. */
  email?: string | null;
  role?: StaffRole;
  /** The name clients and colleagues see, 1 to 100 characters. */
  displayName?: string;
  /**
   * true disables the user (their sessions end, their integration tokens stop; never yourself,
   * never the last active admin); false enables them again.
   */
  disabled?: boolean;
}

/** PATCH /api/staff/session/profile: a staff member edits their own name and address. */
export interface UpdateOwnStaffProfileRequest {
  displayName?: string;
  /** null removes the address. */
  email?: string | null;
}

export interface StaffView {
  id: string;
  username: string;
  /** The name clients see on this staff member's replies (issue 12). */
  displayName: string;
  role: StaffRole;
  email: string | null;
  createdAt: string;
  /** When an admin disabled this user (no sign-in, sessions and their tokens refused); else null. */
  disabledAt: string | null;
}

export interface LegacyTaskImport {
  /** The reference printed in the old e-mail (letters, digits and dashes). */
  reference: string;
  title: string;
  description?: string;
  dueDate?: string;
  /** When the task was e-mailed with its PIN (ISO). */
  sentAt: string;
  /** The PIN the client already has (digits); stored only as a slow hash. */
  pin: string;
  /** ISO time the task was completed; omit for an open task. */
  completedAt?: string;
  requests: { kind: 'question' | 'document' | 'confirmation'; prompt: string }[];
}

export interface ImportLegacyTasksRequest {
  tasks: LegacyTaskImport[];
}

export interface ImportLegacyTasksResponse {
  imported: { taskId: string; reference: string; dispatchId: string }[];
}
