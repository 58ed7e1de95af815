import { Injectable } from '@nestjs/common';
import type { AdminTaskView, TaskDetail } from '@app/contracts';
import type { TaskScope } from '../auth/principal';
import { DocumentsService } from '../documents/documents.service';
import { MessagesService } from '../messages/messages.service';
import { StaffService } from '../staff/staff.service';
import { RequestChangesService } from '../tasks/request-changes.service';
import type { TaskCore } from '../tasks/task-views';
import { TasksService } from '../tasks/tasks.service';
import { toTaskDetail } from './task-detail';

/**
 * A task as the client and staff see it: its requests and answers (tasks/), its documents
 * (documents/) and its message thread (messages/), each asked of the module that owns it.
 */
@Injectable()
export class TaskDetailsService {
  constructor(
    private readonly tasks: TasksService,
    private readonly documents: DocumentsService,
    private readonly messages: MessagesService,
    private readonly changes: RequestChangesService,
    private readonly staff: StaffService,
  ) {}

  /**
   * A task's detail if it is in the caller's scope; otherwise 404, so existence is not revealed.
   * The task, its requests and answers are one statement; documents and messages follow at once.
   */
  async forClient(scope: TaskScope, taskId: string): Promise<TaskDetail> {
    return this.compose(await this.tasks.visibleTaskCore(scope, taskId));
  }

  /** Staff view: one task of this client with its whole history. */
  async forStaff(clientId: string, taskId: string): Promise<AdminTaskView> {
    const found = await this.tasks.staffTaskCore(clientId, taskId);
    const detail = await this.compose(found.core);
    const ownerId = found.ownerStaffId;
    const ownerName = ownerId
      ? ((await this.staff.displayNames([ownerId])).get(ownerId) ?? null)
      : null;
    return {
      ...detail,
      clientId,
      // Issue 12: a declined confirmation waits for the firm; the owner; request-changes history.
      needsFirm: detail.awaitingFirm ?? false,
      ownerStaffId: ownerId,
      ownerName,
      changes: await this.changes.history(taskId),
    };
  }

  private async compose(core: TaskCore): Promise<TaskDetail> {
    const [documents, messages] = await Promise.all([
      this.documents.viewsForTask(core.id),
      this.messages.viewsForTask(core.id),
    ]);
    return toTaskDetail(core, documents, messages);
  }
}
