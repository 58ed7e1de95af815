import type { AnswerView, TaskDetail, TaskSummary } from '@app/contracts';
import type { RequestAnswer } from './request-answer.entity';
import type { TaskRequest } from './task-request.entity';
import type { Task } from './task.entity';

/** A task's detail without its documents and messages (task-details/ adds those). */
export type TaskCore = Omit<TaskDetail, 'documents' | 'messages'>;

/**
 * `awaitingFirm` (issue 12): a declined confirmation is with the firm — "needs the firm" for
 * staff, "Sent to your firm, awaiting their reply" for the client, never "Completed".
 */
export function toTaskSummary(task: Task, requests: TaskRequest[], declined = false): TaskSummary {
  return toListedSummary({
    ...task,
    openRequests: requests.filter((r) => r.status === 'open').length,
    totalRequests: requests.length,
    declinedAnswers: declined ? 1 : 0,
  });
}

/** A listed task from the request counters kept on its row (issue 11): no request is read. */
export function toListedSummary(task: ListedTask): TaskSummary {
  return {
    id: task.id,
    reference: task.reference,
    title: task.title,
    status: task.status,
    dueDate: task.dueDate,
    openRequests: task.openRequests ?? 0,
    totalRequests: task.totalRequests ?? 0,
    dispatchedAt: task.dispatchedAt?.toISOString() ?? null,
    completedAt: task.completedAt?.toISOString() ?? null,
    awaitingFirm: task.status === 'open' && (task.declinedAnswers ?? 0) > 0,
  };
}

/** What a list reads of a task (never its description, a TEXT column: issue 11). */
export type ListedTask = Pick<
  Task,
  | 'id'
  | 'reference'
  | 'title'
  | 'status'
  | 'dueDate'
  | 'dispatchedAt'
  | 'completedAt'
  | 'openRequests'
  | 'totalRequests'
  | 'declinedAnswers'
>;

/** A task with its requests in position order, each with the answer given (if any). */
export function toTaskCore(
  task: Task,
  requests: TaskRequest[],
  answers: RequestAnswer[] = [],
): TaskCore {
  const sorted = [...requests].sort((a, b) => a.position - b.position);
  const byRequest = new Map(answers.map((a) => [a.requestId, a]));
  const declined = answers.some((a) => a.status === 'submitted' && a.decision === 'declined');
  return {
    ...toTaskSummary(task, sorted, declined),
    description: task.description,
    createdAt: task.createdAt.toISOString(),
    requests: sorted.map((r) => ({
      id: r.id,
      kind: r.kind,
      prompt: r.prompt,
      status: r.status,
      position: r.position,
      completedAt: r.completedAt?.toISOString() ?? null,
      answer: r.kind === 'document' ? null : toAnswerView(byRequest.get(r.id)),
      // The firm's note while the request is reopened for changes (issue 12).
      changeNote: r.status === 'open' ? (r.changeNote ?? null) : null,
    })),
  };
}

function toAnswerView(answer: RequestAnswer | undefined): AnswerView | null {
  if (!answer) return null;
  return {
    status: answer.status,
    text: answer.text,
    decision: answer.decision,
    by: answer.authorType,
    updatedAt: answer.updatedAt.toISOString(),
    submittedAt: answer.submittedAt?.toISOString() ?? null,
  };
}
