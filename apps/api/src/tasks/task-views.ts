import type {
  AnswerView,
  DocumentView,
  MessageView,
  TaskDetail,
  TaskSummary,
} from '@app/contracts';
import type { TaskDocument } from '../documents/task-document.entity';
import type { TaskMessage } from '../messages/task-message.entity';
import type { RequestAnswer } from './request-answer.entity';
import type { TaskRequest } from './task-request.entity';
import type { Task } from './task.entity';

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

export interface TaskHistory {
  answers?: RequestAnswer[];
  documents?: TaskDocument[];
  messages?: TaskMessage[];
}

/** A task with its whole history: requests with answers, documents and the message thread. */
export function toTaskDetail(
  task: Task,
  requests: TaskRequest[],
  history: TaskHistory = {},
): TaskDetail {
  const sorted = [...requests].sort((a, b) => a.position - b.position);
  const answers = new Map((history.answers ?? []).map((a) => [a.requestId, a]));
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
      answer: r.kind === 'document' ? null : toAnswerView(answers.get(r.id)),
    })),
    documents: [...(history.documents ?? [])].sort(byCreated).map(toDocumentView),
    messages: [...(history.messages ?? [])].sort(byCreated).map(toMessageView),
  };
}

const byCreated = (a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }) =>
  a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id);

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

export function toDocumentView(d: TaskDocument): DocumentView {
  return {
    id: d.id,
    requestId: d.requestId,
    filename: d.filename,
    contentType: d.contentType,
    size: d.size,
    sha256: d.sha256,
    uploadedBy: d.uploadedByType,
    createdAt: d.createdAt.toISOString(),
  };
}

export function toMessageView(m: TaskMessage): MessageView {
  return { id: m.id, author: m.authorType, body: m.body, createdAt: m.createdAt.toISOString() };
}
