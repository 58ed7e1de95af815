import type { StaffRole } from './admin';
import type { TaskStatus } from './tasks';

// The staff workspace (issue 12): the browser session, integration tokens, the inbox and the
// client list.

/** POST /api/staff/session and GET /api/staff/session: who is signed in (no token: it is a cookie). */
export interface StaffSessionView {
  staff: {
    id: string;
    username: string;
    /** What the workspace shell shows (issue 12). */
    displayName: string;
    role: StaffRole;
    email: string | null;
  };
  /** The session's absolute end; null for an integration token. */
  expiresAt: string | null;
  via: 'bearer' | 'cookie' | 'integration';
  /** The firm's name (FIRM_NAME), for the workspace's header. */
  firmName: string;
}

export interface CreateIntegrationTokenRequest {
  /** Which integration uses it, e.g. "Docketing system". */
  name: string;
}

export interface IntegrationTokenView {
  id: string;
  name: string;
  createdBy: { id: string; username: string | null };
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The answer to creating one: the only time the token is shown. */
export type CreatedIntegrationToken = IntegrationTokenView & {
  /** Send as "Authorization: Bearer <token>". */
  token: string;
};

/**
 * Inbox views: waiting on the client (not_opened: sent, never opened; in_progress: opened or
 * partly answered), overdue (open past its due date), needs_firm (new answers, documents,
 * messages or a declined confirmation the firm has not looked at since), unread (client activity
 * after I last opened the task), all.
 */
export type InboxView =
  'waiting' | 'not_opened' | 'in_progress' | 'overdue' | 'needs_firm' | 'unread' | 'all';

/** Due filter: past due, due within 7 days (today included), no due date. */
export type InboxDue = 'overdue' | 'week' | 'none';

export interface InboxQuery {
  view?: InboxView;
  /** mine: tasks whose owner is me; all (default). */
  owner?: 'mine' | 'all';
  status?: TaskStatus | 'any';
  due?: InboxDue;
  /** Task title or reference, client name or order email. */
  q?: string;
  offset?: number;
  limit?: number;
}

export interface InboxItem {
  taskId: string;
  reference: string;
  title: string;
  status: TaskStatus;
  dueDate: string | null;
  client: { id: string; name: string; email: string };
  /** The task's owner; displayName is what the workspace shows (issue 12). */
  owner: { id: string; username: string; displayName: string } | null;
  dispatchedAt: string | null;
  openedAt: string | null;
  /** What the client did that the firm has not seen. */
  news: { answers: number; documents: number; messages: number; declined: number };
  lastClientActivityAt: string | null;
  needsFirm: boolean;
  overdue: boolean;
  unread: boolean;
  seenAt: string | null;
}

export interface InboxCounts {
  waiting: number;
  notOpened: number;
  inProgress: number;
  overdue: number;
  needsFirm: number;
  unread: number;
  newAnswers: number;
  newDocuments: number;
  declined: number;
  newMessages: number;
}

export interface InboxPage {
  items: InboxItem[];
  total: number;
  limit: number;
  offset: number;
  /** For the whole inbox under the owner filter, whatever the view, status, due or search. */
  counts: InboxCounts;
}

export interface ClientSummary {
  id: string;
  name: string;
  email: string;
  portalEnabledFrom: string | null;
  createdAt: string;
  openTasks: number;
  needsFirm: number;
  /** The latest of: task sent, client answer, document, message. */
  lastActivityAt: string | null;
}

export interface ClientSummaryQuery {
  q?: string;
  offset?: number;
  limit?: number;
}

/** A client's login and PIN sessions, as staff see them on the client page. */
export interface AdminClientSessionView {
  id: string;
  kind: 'login' | 'pin';
  label: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}
