import type {
  AdminTaskView,
  AnswerView,
  MessageView,
  RequestChangeView,
  RequestKind,
  RequestView,
} from '@app/contracts';

/** A task's status in the firm's words (issue 12: a declined confirmation needs the firm). */
export function staffTaskStatus(task: Pick<AdminTaskView, 'status' | 'needsFirm'>): string {
  if (task.status === 'cancelled') return 'Cancelled';
  if (task.needsFirm) return 'Needs the firm';
  if (task.status === 'completed') return 'Completed';
  return 'Open';
}

export const STAFF_KIND_LABELS: Record<RequestKind, string> = {
  question: 'Question',
  document: 'Documents',
  confirmation: 'Confirmation',
};

/** One request's badge for staff; never "Done" for a declined confirmation. */
export function staffRequestStatus(
  request: Pick<RequestView, 'status' | 'kind' | 'answer' | 'changeNote'>,
): string {
  if (request.status === 'open') {
    return request.changeNote ? 'Reopened: changes requested' : 'Waiting on the client';
  }
  if (request.kind === 'confirmation' && request.answer?.decision === 'declined') {
    return 'Declined: needs the firm';
  }
  if (request.kind === 'confirmation') return 'Approved';
  return 'Answered';
}

/** The answer as staff read it: what the client sent (a draft is not sent yet). */
export function answerText(kind: RequestKind, answer: AnswerView | null | undefined): string {
  if (!answer || answer.status !== 'submitted') return '';
  if (kind === 'confirmation') {
    const decision = answer.decision === 'declined' ? 'Declined' : 'Approved';
    return answer.text ? `${decision}. The client's note: ${answer.text}` : decision;
  }
  return answer.text ?? '';
}

/** An answer as it stood when the firm asked for changes. */
export function previousAnswerText(
  kind: RequestKind,
  previous: RequestChangeView['previous'],
): string {
  if (kind === 'document') return 'The documents uploaded until then';
  if (kind === 'confirmation') {
    const decision = previous.decision === 'declined' ? 'Declined' : 'Approved';
    return previous.text ? `${decision}. The client's note: ${previous.text}` : decision;
  }
  return previous.text ?? 'No answer text';
}

/** The thread's author line: the client's name, or the staff member's display name, or "Firm". */
export function messageAuthor(
  message: MessageView & { authorName?: string | null },
  clientName: string | null,
): string {
  if (message.author === 'client') return clientName ?? 'Client';
  return message.authorName?.trim() || 'Firm';
}

/** "12 KB", "1.5 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
