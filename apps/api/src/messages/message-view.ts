import type { MessageView } from '@app/contracts';
import type { TaskMessage } from './task-message.entity';

/** A stored message with its author's display name (staff messages), as the thread shows it. */
export type NamedMessage = TaskMessage & { authorName?: string | null };

/** What a message's view is made of (a stored message, or the thread's read of one). */
export type MessageViewParts = Pick<
  NamedMessage,
  'id' | 'authorType' | 'authorName' | 'body' | 'createdAt'
>;

export function toMessageView(m: MessageViewParts): MessageView {
  return {
    id: m.id,
    author: m.authorType,
    authorName: m.authorType === 'staff' ? (m.authorName ?? null) : null,
    body: m.body,
    createdAt: m.createdAt.toISOString(),
  };
}
