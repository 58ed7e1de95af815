import type { MessageView } from '@app/contracts';
import type { TaskMessage } from './task-message.entity';

/** A stored message with its author's display name (staff messages), as the thread shows it. */
export type NamedMessage = TaskMessage & { authorName?: string | null };

export function toMessageView(m: NamedMessage): MessageView {
  return {
    id: m.id,
    author: m.authorType,
    authorName: m.authorType === 'staff' ? (m.authorName ?? null) : null,
    body: m.body,
    createdAt: m.createdAt.toISOString(),
  };
}
