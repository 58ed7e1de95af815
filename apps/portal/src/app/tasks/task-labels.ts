import type { RequestKind, RequestStatus, TaskSummary } from '@app/contracts';

export const REQUEST_KIND_LABELS: Record<RequestKind, string> = {
  question: 'Question',
  document: 'Document',
  confirmation: 'Confirmation',
};

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  open: 'To do',
  done: 'Done',
};

/** "2 of 3 requests left" */
export function requestsLeft(task: Pick<TaskSummary, 'openRequests' | 'totalRequests'>): string {
  const noun = task.totalRequests === 1 ? 'request' : 'requests';
  return `${task.openRequests} of ${task.totalRequests} ${noun} left`;
}

/** Message for a 401 from /api/me: this browser is not a trusted device (or lost that role). */
export const NO_ACCESS_MESSAGE =
  "This browser doesn't have access. Open the link from your e-mail on this device.";
