import type { TaskSummary } from './tasks';

/**
 * What the link page may know before anyone presses its button.
 * - ready: never used; pressing "Open my tasks" redeems it on this device.
 * - trusted: this browser already redeemed it (or holds its tasks); go straight to the tasks.
 * - declined: used by another device; offer "Send Access Link" only.
 * - expired: older than its validity; offer "Send Access Link" and "log in".
 * - unknown: no such link (mistyped, or purged long after expiry).
 */
/** withdrawn: staff withdrew the link's dispatch; no new access link can be asked for. */
/**
 * `elsewhere` (issue 14): an unused access link opened in a browser other than the one that
 * asked for it; nothing can be done with it there.
 */
export type LinkState =
  'ready' | 'trusted' | 'declined' | 'expired' | 'withdrawn' | 'elsewhere' | 'unknown';

/**
 * dispatch: sent with the tasks; access: Send Access Link; reminder (issue 13): in a reminder
 * digest, born used, so it opens only in the browser that holds the tasks.
 */
export type LinkKind = 'dispatch' | 'access' | 'reminder';

export interface LinkTokenRequest {
  token: string;
}

export interface LinkStatusResponse {
  state: LinkState;
  kind?: LinkKind;
  /** e.g. "j•••@example.com"; absent for unknown links. */
  maskedEmail?: string;
  /** Name of the firm that sent the link. */
  firmName: string;
  /** Number of tasks the link opens; present for ready and trusted only. */
  taskCount?: number;
  /** ISO time the link stops working. */
  expiresAt?: string;
  /**
   * Declined or expired links only: this browser asked for an access link that is still waiting
   * (issue 14), so its page offers the field for the e-mailed code.
   */
  codePending?: boolean;
  /**
   * Declined reminder links only (issue 14): no device holds the dispatch's tasks yet, so the
   * reminder opens nothing by itself (it is born used). The page says to open the link in the
   * e-mail that first sent the tasks (`originalWorks`: it still can be) or press Send Access Link.
   */
  unheld?: boolean;
  /** With `unheld`: the dispatch's original link is still unused and within its validity. */
  originalWorks?: boolean;
  /**
   * Expired links only (issue 13): why it no longer works. `replaced`: a newer access link was
   * sent for the same tasks; `unopened`: an access link not opened within its minutes;
   * `ended`: past the link's days of validity.
   */
  expiredReason?: ExpiredReason;
  /** Minutes an access link works after it is sent (the ACCESS_LINK_TTL_MINUTES setting). */
  accessLinkMinutes?: number;
  /** Days a link's access lasts (the LINK_TTL_DAYS setting). */
  linkDays?: number;
  /**
   * Declined links only, and only to the browser whose device cookie held the tasks (issue 13):
   * the ISO time the tasks were moved to another device by an access link.
   */
  movedAt?: string;
  /** The firm's IANA time zone, for writing times on the page. */
  timeZone?: string;
}

export type ExpiredReason = 'replaced' | 'unopened' | 'ended';

/**
 * GET /api/device/status (issue 13): what this browser's device cookie may know about itself
 * when it opens no tasks any more. `movedAt`: the ISO time its tasks were moved to another device
 * (null when they were not, or the browser has no device).
 */
export interface DeviceStatusResponse {
  movedAt: string | null;
  /** The firm's IANA time zone, for writing the time on the page. */
  timeZone: string;
}

export interface RedeemResponse {
  state: 'trusted';
  tasks: TaskSummary[];
}

export interface AccessLinkSentResponse {
  /** Always the masked original address: the new link goes there and nowhere else. */
  maskedEmail: string;
  /** Seconds until another access link may be requested. */
  retryAfterSeconds: number;
  /** Minutes the e-mailed link works in this browser (issue 14). */
  linkTtlMinutes: number;
  /** Minutes the e-mailed 6-digit code works, typed in this browser. */
  codeTtlMinutes: number;
}

/** The 6-digit code from the access-link e-mail, typed in the browser that asked for it. */
export interface AccessCodeRequest {
  /** The link whose page asked for the access link (any link of the same dispatch). */
  token: string;
  code: string;
}
