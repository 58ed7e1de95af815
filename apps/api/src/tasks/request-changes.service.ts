import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { RequestChangeView } from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import { ClientsService } from '../clients/clients.service';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { newId } from '../database/columns';
import { Transactor } from '../database/transactor';
import { MailService } from '../mail/mail.service';
import { RequestAnswer } from './request-answer.entity';
import { RequestChange } from './request-change.entity';
import { TaskRequest } from './task-request.entity';
import { Task } from './task.entity';
import { isDeclinedAnswer } from './task-views';
import { notOpen, TasksService } from './tasks.service';

export function toRequestChangeView(change: RequestChange): RequestChangeView {
  return {
    id: change.id,
    requestId: change.requestId,
    note: change.note,
    staffId: change.staffId,
    createdAt: change.createdAt.toISOString(),
    previous: {
      text: change.previousText,
      decision: change.previousDecision,
      submittedAt: change.previousSubmittedAt?.toISOString() ?? null,
    },
  };
}

/**
 * Staff ask for changes to an answered request (issue 12 item 5): in one transaction the
 * request reopens with the note, the answer as submitted is kept in `request_changes` (the live
 * answer becomes a draft the client can edit), a completed task is open again, the client gets
 * a notice by e-mail WITHOUT a credential (the task's portal address only, like the staff-reply
 * notice; the note is shown in the portal, never in the mail), and it is audited. This is also
 * how the firm answers a declined confirmation (or it closes the task).
 */
@Injectable()
export class RequestChangesService {
  constructor(
    @InjectRepository(RequestChange) private readonly changes: Repository<RequestChange>,
    private readonly clients: ClientsService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly transactor: Transactor,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tasks: TasksService,
  ) {}

  async requestChanges(
    clientId: string,
    taskId: string,
    requestId: string,
    note: string,
    staffId: string,
  ): Promise<RequestChangeView> {
    const client = await this.clients.get(clientId);
    const now = this.clock.now();
    return this.transactor.run(async (manager) => {
      await this.clients.lockForUpdate(manager, clientId);
      const task = await manager.findOneBy(Task, { id: taskId, clientId });
      if (!task) throw new NotFoundException('No such task for this client.');
      if (task.status === 'cancelled') throw notOpen(task);
      const request = await manager.findOneBy(TaskRequest, { id: requestId, taskId });
      if (!request) throw new NotFoundException('This request is not part of the task.');
      if (request.status !== 'done') {
        throw new ConflictException({
          error: 'request_not_answered',
          message: 'Only an answered request can be sent back for changes; this one is still open.',
        });
      }
      const answer = await manager.findOneBy(RequestAnswer, { requestId });
      const change: RequestChange = {
        id: newId(),
        requestId,
        taskId,
        note,
        staffId,
        previousText: answer?.text ?? null,
        previousDecision: answer?.decision ?? null,
        previousSubmittedAt: answer?.submittedAt ?? null,
        createdAt: now,
      };
      await manager.insert(RequestChange, change);
      const reopened = await manager.update(
        TaskRequest,
        { id: requestId, status: 'done' },
        { status: 'open', completedAt: null, changeNote: note },
      );
      if (reopened.affected !== 1) {
        throw new ConflictException({
          error: 'request_not_answered',
          message: 'This request was reopened meanwhile.',
        });
      }
      // The reopened request is open again; a declined confirmation no longer waits (issue 11).
      const wasDeclined = isDeclinedAnswer(answer);
      await this.tasks.adjustCounts(manager, taskId, { open: 1, declined: wasDeclined ? -1 : 0 });
      if (answer) {
        // The submission is kept above; the client edits it again (a confirmation decides anew).
        await manager.update(
          RequestAnswer,
          { id: answer.id },
          { status: 'draft', submittedAt: null, decision: null, updatedAt: now },
        );
      }
      if (task.status === 'completed') {
        await manager.update(
          Task,
          { id: taskId, status: 'completed' },
          { status: 'open', completedAt: null, closedByStaffId: null },
        );
      }
      await this.mail.enqueue(manager, {
        to: client.email,
        template: 'changes-requested',
        data: {
          clientName: client.name,
          firmName: this.config.firmName,
          taskTitle: task.title,
          reference: task.reference,
          portalUrl: `${this.config.publicUrl}/tasks/${task.id}`,
        },
      });
      await this.audit.record(
        {
          type: 'request.changes_requested',
          actorType: 'staff',
          actorId: staffId,
          clientId,
          subjectId: requestId,
          detail: { taskId, reopenedTask: task.status === 'completed' },
        },
        manager,
      );
      return toRequestChangeView(change);
    });
  }

  /** A task's "request changes" history, oldest first. */
  async history(taskId: string): Promise<RequestChangeView[]> {
    const rows = await this.changes.find({
      where: { taskId },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: 500,
    });
    return rows.map(toRequestChangeView);
  }
}
