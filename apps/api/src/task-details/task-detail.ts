import type { TaskDetail } from '@app/contracts';
import type { TaskDocument } from '../documents/task-document.entity';
import { toDocumentView } from '../documents/document-view';
import type { TaskMessage } from '../messages/task-message.entity';
import { toMessageView } from '../messages/message-view';
import type { RequestAnswer } from '../tasks/request-answer.entity';
import type { TaskRequest } from '../tasks/task-request.entity';
import type { Task } from '../tasks/task.entity';
import { toTaskCore } from '../tasks/task-views';

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
  return {
    ...toTaskCore(task, requests, history.answers),
    documents: [...(history.documents ?? [])].sort(byCreated).map(toDocumentView),
    messages: [...(history.messages ?? [])].sort(byCreated).map(toMessageView),
  };
}

const byCreated = (a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }) =>
  a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id);
