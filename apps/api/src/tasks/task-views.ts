import type { AnswerView, TaskDetail, TaskSummary } from '@app/contracts';
import type { RequestAnswer } from './request-answer.entity';
import type { TaskRequest } from './task-request.entity';
import type { Task } from './task.entity';

/** A task's detail without its documents and messages (task-details/ adds those). */
export type TaskCore = Omit<TaskDetail, 'documents' | 'messages'>;

export function toTaskSummary(task: Task, requests: TaskRequest[]): TaskSummary {
  return {
    id: task.id,
    reference: task.reference,
    title: task.title,
    status: task.status,
    dueDate: task.dueDate,
    openRequests: requests.filter((r) => r.status === 'open').length,
    totalRequests: requests.length,
    dispatchedAt: task.dispatchedAt?.toISOString() ?? null,
    completedAt: task.completedAt?.toISOString() ?? null,
  };
}

/** A task with its requests in position order, each with the answer given (if any). */
export function toTaskCore(
  task: Task,
  requests: TaskRequest[],
  answers: RequestAnswer[] = [],
): TaskCore {
  const sorted = [...requests].sort((a, b) => a.position - b.position);
  const byRequest = new Map(answers.map((a) => [a.requestId, a]));
  return {
    ...toTaskSummary(task, sorted),
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
