import type { MessageView } from '@app/contracts';
import type { TaskMessage } from './task-message.entity';

export function toMessageView(m: TaskMessage): MessageView {
  return { id: m.id, author: m.authorType, body: m.body, createdAt: m.createdAt.toISOString() };
}
