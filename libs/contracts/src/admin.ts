import type { ConfirmationDecision, RequestKind, TaskDetail } from './tasks';
import type { TaskReminderSettings } from './reminders';

export type StaffRole = 'admin' | 'staff';

export interface StaffLoginRequest {
  username: string;
  password: string;
}

export interface StaffLoginResponse {
  /** Send as "Authorization: Bearer <token>" on admin requests. */
  token: string;
  staff: { id: string; username: string; role: StaffRole };
  expiresAt: string;
}

export interface CreateClientRequest {
  email: string;
  name: string;
  /** ISO date from which dispatches use unique links; omit for "from now". */
  portalEnabledFrom?: string;
}

export interface ClientView {
  id: string;
  email: string;
  name: string;
  portalEnabledFrom: string | null;
  createdAt: string;
}

export interface CreateRequestItem {
  kind: RequestKind;
  prompt: string;
}

export interface CreateTaskRequest {
  title: string;
  description?: string;
  /** ISO date (YYYY-MM-DD). */
  dueDate?: string;
  /** A statutory deadline (e.g. an office-action response): firmer, more frequent reminders. */
  statutory?: boolean;
  /** This task's reminder settings; absent or null: the firm's default. */
  reminders?: TaskReminderSettings | null;
  requests: CreateRequestItem[];
}

/**
 * Issue 12: `needsFirm` (a declined confirmation waits for the firm: request changes or close
 * the task), the owner, and the "request changes" history (the answers as they stood).
 */
export type AdminTaskView = TaskDetail & {
  clientId: string;
  needsFirm?: boolean;
  ownerStaffId?: string | null;
  /** The owner's display name, for every staff member (listing staff users is for admins). */
  ownerName?: string | null;
  changes?: RequestChangeView[];
};

/** PATCH /api/admin/clients/:clientId: only the fields given change. */
export interface UpdateClientRequest {
  email?: string;
  name?: string;
  /** ISO time from which dispatches use unique links; null turns the portal off again. */
  portalEnabledFrom?: string | null;
}

/** PATCH /api/admin/clients/:clientId/tasks/:taskId (open tasks only). */
export interface UpdateTaskRequest {
  title?: string;
  description?: string | null;
  /** YYYY-MM-DD, or null to clear. */
  dueDate?: string | null;
  statutory?: boolean;
  /** This task's reminder settings; null goes back to the firm's default. */
  reminders?: TaskReminderSettings | null;
  /** New requests appended after the existing ones. */
  addRequests?: CreateRequestItem[];
}

export interface CreateDispatchRequest {
  taskIds: string[];
}

export interface DispatchView {
  id: string;
  clientId: string;
  mode: 'link' | 'pin';
  taskIds: string[];
  createdAt: string;
}

/** One "request changes" in a request's history, with the answer as it stood. */
export interface RequestChangeView {
  id: string;
  requestId: string;
  note: string;
  staffId: string;
  createdAt: string;
  previous: {
    text: string | null;
    decision: ConfirmationDecision | null;
    submittedAt: string | null;
  };
}
