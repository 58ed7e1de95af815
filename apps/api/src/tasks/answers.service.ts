import {
  ConflictException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ConfirmationDecision, RequestKind } from '@app/contracts';
import type { ClientPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { newId } from '../database/columns';
import { Transactor } from '../database/transactor';
import { ActivityService } from '../events/activity.service';
import type { SubmitRequestDto } from './dto/answer.dto';
import { RequestAnswer } from './request-answer.entity';
import { TaskRequest } from './task-request.entity';
import { Task } from './task.entity';
import { isDeclinedAnswer } from './task-views';
import { notOpen, TasksService } from './tasks.service';

type Submission = { text: string | null; decision: ConfirmationDecision | null };

/**
 * How many files a document request holds, counted inside the submitting transaction. Documents
 * live above tasks, so the caller (task-details/) passes DocumentsService's count in.
 */
export type RequestFileCount = (manager: EntityManager, requestId: string) => Promise<number>;

/**
 * A client answering requests: drafts of question answers, and submissions of every kind. A
 * submission marks the request done and, when it was the last open one, completes the task, in
 * one transaction. The caller reads the task as it now stands (task-details/).
 */
@Injectable()
export class AnswersService {
  constructor(
    private readonly tasks: TasksService,
    private readonly transactor: Transactor,
    private readonly clock: Clock,
    private readonly activity: ActivityService,
  ) {}

  async saveDraft(
    client: ClientPrincipal,
    taskId: string,
    requestId: string,
    text: string,
  ): Promise<void> {
    await this.transactor.run(async (manager) => {
      const { task, request } = await this.openRequest(manager, client, taskId, requestId);
      if (request.kind !== 'question') {
        throw new ConflictException({
          error: 'no_draft_for_kind',
          message: 'Only answers to questions can be saved as drafts.',
        });
      }
      await this.writeAnswer(manager, client, task, request, 'draft', { text, decision: null });
    });
  }

  async submit(
    client: ClientPrincipal,
    taskId: string,
    requestId: string,
    body: SubmitRequestDto,
    fileCount: RequestFileCount,
  ): Promise<void> {
    const now = this.clock.now();
    await this.transactor.run(async (manager) => {
      const { task, request } = await this.openRequest(manager, client, taskId, requestId);
      const submission = await this.validate(manager, request, body, fileCount);
      const done = await manager.update(
        TaskRequest,
        { id: request.id, status: 'open' },
        { status: 'done', completedAt: now },
      );
      if (done.affected !== 1) throw alreadyDone();
      if (submission) {
        await this.writeAnswer(manager, client, task, request, 'submitted', submission, now);
      }
      // The answer just written is submitted: one more declined confirmation, or none.
      const declined = isDeclinedAnswer(submission && { status: 'submitted', ...submission })
        ? 1
        : 0;
      await this.tasks.adjustCounts(manager, task.id, { open: -1, declined });
      const completed = await this.tasks.completeIfDone(manager, task.id, now);
      await this.recordActivity(manager, client, task, request, submission, completed);
    });
  }

  /** Issue 12: the answer (and a decline, and the task's completion) for staff and webhooks. */
  private async recordActivity(
    manager: EntityManager,
    client: ClientPrincipal,
    task: Task,
    request: TaskRequest,
    submission: Submission | null,
    completed: boolean,
  ): Promise<void> {
    const base = {
      actorType: 'client' as const,
      actorId: client.deviceId ?? task.clientId,
      clientId: task.clientId,
      taskId: task.id,
      subjectId: request.id,
    };
    const decision = submission?.decision ?? null;
    await this.activity.record(manager, {
      ...base,
      type: 'request.answered',
      detail: { kind: request.kind, decision },
    });
    if (decision === 'declined') {
      await this.activity.record(manager, { ...base, type: 'confirmation.declined' });
    }
    if (completed) {
      await this.activity.record(manager, { ...base, type: 'task.completed', subjectId: null });
    }
  }

  private async openRequest(
    manager: EntityManager,
    client: ClientPrincipal,
    taskId: string,
    requestId: string,
  ): Promise<{ task: Task; request: TaskRequest }> {
    const task = await this.tasks.visibleTask(client.scope, taskId, manager);
    const request = await manager.findOneBy(TaskRequest, { id: requestId, taskId });
    if (!request) throw new NotFoundException('This request is not part of the task.');
    if (task.status !== 'open') throw notOpen(task);
    if (request.status !== 'open') throw alreadyDone();
    return { task, request };
  }

  /** What a submission of this kind must carry; 422 naming the field otherwise. */
  private async validate(
    manager: EntityManager,
    request: TaskRequest,
    body: SubmitRequestDto,
    fileCount: RequestFileCount,
  ): Promise<Submission | null> {
    const kind: RequestKind = request.kind;
    if (kind === 'question') {
      const text = body.text?.trim() ?? '';
      if (!text) throw invalid('text', 'Please write an answer before you submit it.');
      return { text, decision: null };
    }
    if (kind === 'confirmation') {
      if (!body.decision) throw invalid('decision', 'Please approve or decline.');
      const reason = body.reason?.trim() ?? '';
      if (body.decision === 'declined' && !reason) {
        throw invalid('reason', 'Please say why you decline, so the firm can act on it.');
      }
      return { text: reason || null, decision: body.decision };
    }
    const files = await fileCount(manager, request.id);
    if (files === 0) throw invalid('documents', 'Please upload at least one file first.');
    return null;
  }

  private async writeAnswer(
    manager: EntityManager,
    client: ClientPrincipal,
    task: Task,
    request: TaskRequest,
    status: RequestAnswer['status'],
    submission: Submission,
    now = this.clock.now(),
  ): Promise<void> {
    const who = {
      authorType: 'client' as const,
      authorId: task.clientId,
      deviceId: client.deviceId,
    };
    const fields = {
      status,
      text: submission.text,
      decision: submission.decision,
      updatedAt: now,
      submittedAt: status === 'submitted' ? now : null,
      ...who,
    };
    const existing = await manager.findOneBy(RequestAnswer, { requestId: request.id });
    if (existing) {
      await manager.update(RequestAnswer, { id: existing.id }, fields);
    } else {
      await manager.insert(RequestAnswer, {
        id: newId(),
        requestId: request.id,
        taskId: task.id,
        createdAt: now,
        ...fields,
      });
    }
  }
}

function invalid(field: string, message: string): UnprocessableEntityException {
  return new UnprocessableEntityException({
    error: 'validation_failed',
    message,
    fields: { [field]: [message] },
  });
}

function alreadyDone(): ConflictException {
  return new ConflictException({
    error: 'request_done',
    message: 'This request was already completed.',
  });
}
