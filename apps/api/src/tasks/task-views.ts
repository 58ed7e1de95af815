import type { AnswerView, TaskDetail, TaskStatus, TaskSummary } from '@app/contracts';
import type { RequestAnswer } from './request-answer.entity';
import type { TaskRequest } from './task-request.entity';
import type { Task } from './task.entity';

/** A task's detail without its documents and messages (task-details/ adds those). */
export type TaskCore = Omit<TaskDetail, 'documents' | 'messages'>;

/**
 * Issue 12, the one statement of the declined-confirmation rule. A confirmation the client
 * submitted as declined is with the firm: the task stays open (never "Completed") and is
 * `awaitingFirm` — "needs the firm" for staff, "Sent to your firm, awaiting their reply" for the
 * client — until the firm requests changes (the request opens again) or closes the task. The
 * task row counts such answers (`declined_answers`, issue 11), kept by AnswersService and
 * RequestChangesService with `isDeclinedAnswer`.
 */
export const DECLINED_ANSWER = { status: 'submitted', decision: 'declined' } as const;

/** Whether this answer is a declined confirmation (see DECLINED_ANSWER). */
export function isDeclinedAnswer(
  answer: Pick<RequestAnswer, 'status' | 'decision'> | null | undefined,
): boolean {
  return answer?.status === DECLINED_ANSWER.status && answer.decision === DECLINED_ANSWER.decision;
}

/** Whether a task waits for the firm: open, with declined confirmations (see DECLINED_ANSWER). */
export function awaitingFirm(status: TaskStatus, declinedAnswers: number): boolean {
  return status === 'open' && declinedAnswers > 0;
}

/** A task's summary from its requests; `declined`: it has a declined confirmation. */
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
    awaitingFirm: awaitingFirm(task.status, task.declinedAnswers ?? 0),
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
  const declined = answers.some(isDeclinedAnswer);
  return {
    ...toTaskSummary(task, sorted, declined),
    description: task.description,
    createdAt: task.createdAt.toISOString(),
    requests: sorted.map((r) =>
      toRequestView(
        {
          id: r.id,
          kind: r.kind,
          prompt: r.prompt,
          status: r.status,
          position: r.position,
          completedAt: r.completedAt?.toISOString() ?? null,
          changeNote: r.changeNote ?? null,
        },
        toAnswerView(byRequest.get(r.id)),
      ),
    ),
  };
}

/** A request as the detail shows it. */
export type RequestView = TaskCore['requests'][number];

/**
 * A request's view from its stored parts (times as ISO text) and its answer's view: the one
 * statement of what a client sees of a request, for toTaskCore and for the task detail's read
 * (TasksService.taskCoreOf), which builds it from rows.
 */
export function toRequestView(
  request: Omit<RequestView, 'answer'>,
  answer: AnswerView | null,
): RequestView {
  return {
    id: request.id,
    kind: request.kind,
    prompt: request.prompt,
    status: request.status,
    position: request.position,
    completedAt: request.completedAt,
    // A document request is answered by its files, never by text.
    answer: request.kind === 'document' ? null : answer,
    // The firm's note while the request is reopened for changes (issue 12).
    changeNote: request.status === 'open' ? request.changeNote : null,
  };
}

/** What an answer's view is made of (a stored answer, or the task detail's read of one). */
export type AnswerViewParts = Pick<
  RequestAnswer,
  'status' | 'text' | 'decision' | 'authorType' | 'updatedAt' | 'submittedAt'
>;

export function toAnswerView(answer: AnswerViewParts | undefined): AnswerView | null {
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
