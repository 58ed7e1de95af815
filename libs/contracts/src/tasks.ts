export type RequestKind = 'question' | 'document' | 'confirmation';
export type RequestStatus = 'open' | 'done';
export type TaskStatus = 'open' | 'completed' | 'cancelled';
/** Who wrote an answer or message, or uploaded a document. */
export type PartyType = 'client' | 'staff';

export interface TaskSummary {
  id: string;
  reference: string;
  title: string;
  status: TaskStatus;
  dueDate: string | null;
  openRequests: number;
  totalRequests: number;
  dispatchedAt: string | null;
  completedAt: string | null;
  /**
   * Issue 12: a confirmation the client declined is with the firm: "needs the firm" for staff,
   * "Sent to your firm, awaiting their reply" for the client; the task is never shown as
   * completed while this is true.
   */
  awaitingFirm?: boolean;
}

export type ConfirmationDecision = 'approved' | 'declined';

/** A client's answer to a question or confirmation: a draft until submitted. */
export interface AnswerView {
  status: 'draft' | 'submitted';
  /** Question: the answer text. Confirmation: the reason given for a decline (or null). */
  text: string | null;
  /** Confirmations only. */
  decision: ConfirmationDecision | null;
  by: PartyType;
  updatedAt: string;
  submittedAt: string | null;
}

export interface RequestView {
  id: string;
  kind: RequestKind;
  prompt: string;
  status: RequestStatus;
  position: number;
  completedAt?: string | null;
  /** Questions and confirmations; null when nothing was saved yet. */
  answer?: AnswerView | null;
  /** Issue 12: the firm's note when it asked for changes (while the request is open again). */
  changeNote?: string | null;
}

export interface DocumentView {
  id: string;
  /** The document request it answers; null for a document staff sent to the client. */
  requestId: string | null;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: PartyType;
  createdAt: string;
}

export interface MessageView {
  id: string;
  author: PartyType;
  /** Staff messages: the staff member's display name ("Anna Berg"); null for the client's own. */
  authorName: string | null;
  body: string;
  createdAt: string;
}

export interface TaskDetail extends TaskSummary {
  description: string | null;
  createdAt?: string;
  requests: RequestView[];
  documents?: DocumentView[];
  messages?: MessageView[];
}

export interface TaskListResponse {
  open: TaskSummary[];
  openTotal: number;
  completed: TaskSummary[];
  completedTotal: number;
}

/** GET /api/me/tasks/search: every task in scope, by status and text, a page at a time. */
export interface TaskSearchQuery {
  status?: TaskStatus | 'all';
  q?: string;
  offset?: number;
  limit?: number;
}

export interface TaskSearchResponse {
  items: TaskSummary[];
  total: number;
  offset: number;
  limit: number;
}

/** PUT …/requests/:requestId/draft: a question's answer saved for later. */
export interface SaveDraftRequest {
  text: string;
}

/**
 * POST …/requests/:requestId/submit. Question: `text` (not empty). Confirmation: `decision`, and
 * `reason` when declining. Document: nothing (at least one file must be uploaded first).
 */
export interface SubmitRequestBody {
  text?: string;
  decision?: ConfirmationDecision;
  reason?: string;
}

export interface PostMessageRequest {
  body: string;
}

/** Limits the portal checks before it uploads (the API enforces them again). */
export interface UploadRules {
  maxBytes: number;
  allowedTypes: string[];
  allowedExtensions: string[];
}
