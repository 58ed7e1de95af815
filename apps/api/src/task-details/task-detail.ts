import type { DocumentView, MessageView, TaskDetail } from '@app/contracts';
import type { TaskCore } from '../tasks/task-views';

/**
 * A task with its whole history: its core (requests with answers), and its documents and message
 * thread oldest first, in the order they were made (ties by id). Sorts copies.
 */
export function toTaskDetail(
  core: TaskCore,
  documents: DocumentView[] = [],
  messages: MessageView[] = [],
): TaskDetail {
  return {
    ...core,
    documents: [...documents].sort(oldestFirst),
    messages: [...messages].sort(oldestFirst),
  };
}

/** ISO 8601 UTC times of one width, so the text order is the time order. */
function oldestFirst(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }) {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id.localeCompare(b.id);
}
