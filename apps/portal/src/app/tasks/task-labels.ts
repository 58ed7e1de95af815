import type { RequestKind, RequestStatus, RequestView, TaskSummary } from '@app/contracts';

export const REQUEST_KIND_LABELS: Record<RequestKind, string> = {
  question: 'Question',
  document: 'Document',
  confirmation: 'Confirmation',
};

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  open: 'To do',
  done: 'Done',
};

/**
 * Issue 12: a confirmation the client declined is with the firm. Never "Done" or "Completed"
 * while the firm still has to act.
 */
export const AWAITING_FIRM_LABEL = 'Sent to your firm, awaiting their reply';
export const CHANGES_REQUESTED_LABEL = 'Changes requested';

/** The badge of one request: To do, Done, Changes requested, or sent to the firm. */
export function requestStatusLabel(
  request: Pick<RequestView, 'status' | 'kind' | 'answer' | 'changeNote'>,
): string {
  if (request.status === 'open' && request.changeNote) return CHANGES_REQUESTED_LABEL;
  if (
    request.status === 'done' &&
    request.kind === 'confirmation' &&
    request.answer?.decision === 'declined'
  ) {
    return AWAITING_FIRM_LABEL;
  }
  return REQUEST_STATUS_LABELS[request.status];
}

/** "2 of 3 requests left", or that the task waits for the firm (issue 12). */
export function requestsLeft(
  task: Pick<TaskSummary, 'openRequests' | 'totalRequests' | 'awaitingFirm'>,
): string {
  if (task.awaitingFirm && task.openRequests === 0) return AWAITING_FIRM_LABEL;
  const noun = task.totalRequests === 1 ? 'request' : 'requests';
  return `${task.openRequests} of ${task.totalRequests} ${noun} left`;
}

/** Message for a 401 from /api/me: this browser is not a trusted device (or lost that role). */
export const NO_ACCESS_MESSAGE =
  "This browser doesn't have access. Open the link from your e-mail on this device.";
