import type { AdminTaskView, CreateRequestItem, DispatchView } from './admin';
import type { TaskReminderSettings } from './reminders';

// The staff workspace, part B (issue 12): task templates, compose and send in one step, bulk
// dispatch, and request changes.

/** POST /api/admin/task-templates. */
export interface CreateTaskTemplateRequest {
  /** How staff find it in the library, e.g. "Power of attorney". Unique. */
  name: string;
  /** The task title the client sees. */
  title: string;
  description?: string | null;
  requests: CreateRequestItem[];
  /** The due date is this many days after the day of sending (1-365); null: no due date. */
  dueInDays?: number | null;
  statutory?: boolean;
}

/** PATCH /api/admin/task-templates/:templateId: only the fields given change. */
export type UpdateTaskTemplateRequest = Partial<CreateTaskTemplateRequest>;

export interface TaskTemplateView {
  id: string;
  name: string;
  title: string;
  description: string | null;
  requests: CreateRequestItem[];
  dueInDays: number | null;
  statutory: boolean;
  /** How many tasks were composed from it. */
  uses: number;
  createdAt: string;
  updatedAt: string;
  /** Set once archived (a used template is archived, not deleted). */
  archivedAt: string | null;
}

/** DELETE /api/admin/task-templates/:templateId: deleted when never used, else archived. */
export interface RemoveTaskTemplateResponse {
  outcome: 'deleted' | 'archived';
}

/**
 * POST /api/admin/clients/:clientId/compose: create a task (from a template with overrides, or
 * from scratch) and send it in one step. Without a template, `title` and `requests` are needed.
 */
export interface ComposeTaskRequest {
  templateId?: string;
  title?: string;
  description?: string | null;
  requests?: CreateRequestItem[];
  /** YYYY-MM-DD; absent: the template's due-in-days from today (firm date), or none. */
  dueDate?: string | null;
  statutory?: boolean;
  reminders?: TaskReminderSettings | null;
  /** A staff user who owns the task; default the caller. */
  ownerStaffId?: string;
}

/** What compose-and-send did: the task, the dispatch, and the e-mail that went out. */
export interface ComposeTaskResponse {
  task: AdminTaskView & { ownerStaffId: string | null };
  dispatch: DispatchView;
  sent: { to: string; mode: 'link' | 'pin'; mail: 'dispatch-link' | 'dispatch-pin' };
}

/** At most this many clients (ids or CSV rows) per bulk request. */
export const BULK_MAX_ROWS = 200;

/**
 * POST /api/admin/bulk-dispatches: one template to many clients, by client ids or by a CSV of
 * `email[,name]` rows (a header row `email,name` is allowed) that finds or creates clients.
 * Exactly one of `clientIds` and `csv`.
 */
export interface BulkDispatchRequest {
  templateId: string;
  clientIds?: string[];
  csv?: string;
  dueDate?: string | null;
  ownerStaffId?: string;
}

export type BulkRowStatus = 'sent' | 'skipped' | 'failed';

export interface BulkRowResult {
  /** 1-based: the position in clientIds, or the CSV line number. */
  row: number;
  clientId: string | null;
  email: string | null;
  status: BulkRowStatus;
  /** skipped / failed: a snake_code and a human sentence. */
  reason?: { error: string; message: string };
  taskId?: string;
  dispatchId?: string;
  /** CSV: the client was created by this request. */
  createdClient?: boolean;
}

export interface BulkDispatchResponse {
  templateId: string;
  total: number;
  sent: number;
  skipped: number;
  failed: number;
  results: BulkRowResult[];
}

/** POST …/tasks/:taskId/requests/:requestId/request-changes. */
export interface RequestChangesRequest {
  /** What the client should change; shown to the client in the portal, never in the e-mail. */
  note: string;
}
