import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { EntityManager, In, IsNull, Repository, SelectQueryBuilder } from 'typeorm';
import type {
  RequestKind,
  TaskDetail,
  TaskListResponse,
  TaskSearchResponse,
  TaskStatus,
  TaskSummary,
} from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { newId } from '../database/columns';
import { Transactor } from '../database/transactor';
import type { CreateTaskDto } from './dto/create-task.dto';
import type { SearchTasksDto } from './dto/search-tasks.dto';
import type { UpdateTaskDto } from './dto/update-task.dto';
import { DispatchTask } from './dispatch-task.entity';
import { RequestAnswer } from './request-answer.entity';
import { TaskRequest } from './task-request.entity';
import { Task } from './task.entity';
import { toTaskCore, toTaskSummary } from './task-views';

import type { TaskScope } from '../auth/principal';

export const DASHBOARD_LIMIT = 100;
const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** What TasksService.insert writes: a new task, or an imported one with its history. */
export interface NewTask {
  title: string;
  description?: string | null;
  dueDate?: string | null;
  requests: { kind: RequestKind; prompt: string }[];
  createdAt: Date;
  /** Generated when absent. */
  reference?: string;
  dispatchedAt?: Date | null;
  /** Set for finished work: the task is completed and every request done at this time. */
  completedAt?: Date | null;
}

export function newTaskReference(): string {
  let ref = 'T-';
  for (let i = 0; i < 6; i++) ref += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return ref;
}

@Injectable()
export class TasksService {
  constructor(
    @InjectRepository(Task) private readonly tasks: Repository<Task>,
    @InjectRepository(TaskRequest) private readonly requests: Repository<TaskRequest>,
    @InjectRepository(RequestAnswer) private readonly answers: Repository<RequestAnswer>,
    private readonly transactor: Transactor,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Staff create a task with its requests (sent later by a dispatch); it has no history yet. */
  async create(clientId: string, input: CreateTaskDto): Promise<TaskDetail> {
    const { task, requests } = await this.transactor.run((manager) =>
      this.insert(manager, clientId, { ...input, createdAt: this.clock.now() }),
    );
    return { ...toTaskCore(task, requests), documents: [], messages: [] };
  }

  /**
   * Inside the caller's transaction: writes a task and its requests. A task given completedAt
   * (a legacy import of finished work) is written completed with every request done; one given
   * dispatchedAt was already sent. The reference is generated unless one is given.
   */
  async insert(
    manager: EntityManager,
    clientId: string,
    input: NewTask,
  ): Promise<{ task: Task; requests: TaskRequest[] }> {
    const completedAt = input.completedAt ?? null;
    const task: Task = {
      id: newId(),
      clientId,
      reference: input.reference ?? newTaskReference(),
      title: input.title,
      description: input.description || null,
      dueDate: input.dueDate ?? null,
      status: completedAt ? 'completed' : 'open',
      createdAt: input.createdAt,
      dispatchedAt: input.dispatchedAt ?? null,
      completedAt,
      cancelledAt: null,
      closedByStaffId: null,
    };
    const requests: TaskRequest[] = input.requests.map((r, position) => ({
      id: newId(),
      taskId: task.id,
      position,
      kind: r.kind,
      prompt: r.prompt,
      status: completedAt ? 'done' : 'open',
      completedAt,
    }));
    await manager.insert(Task, task);
    await manager.insert(TaskRequest, requests);
    return { task, requests };
  }

  /** The tasks among taskIds that are this client's (the caller checks none is missing). */
  loadForClient(clientId: string, taskIds: string[]): Promise<Task[]> {
    if (taskIds.length === 0) return Promise.resolve([]);
    return this.tasks.findBy({ id: In(taskIds), clientId });
  }

  /** Ids of this client's open tasks. */
  async openTaskIds(clientId: string): Promise<string[]> {
    const open = await this.tasks.find({
      where: { clientId, status: 'open' },
      select: { id: true },
    });
    return open.map((t) => t.id);
  }

  /** The task with this reference (any client), or null: for the legacy PIN page. */
  findByReference(reference: string): Promise<Task | null> {
    return this.tasks.findOneBy({ reference });
  }

  /** Which of these references already name a task. */
  async referencesTaken(references: string[]): Promise<string[]> {
    if (references.length === 0) return [];
    const taken = await this.tasks.findBy({ reference: In(references) });
    return taken.map((t) => t.reference);
  }

  /**
   * Inside the sending transaction: records that the dispatch carried these tasks and marks
   * them dispatched at `at` (a task sent before keeps its first dispatch time).
   */
  async attachToDispatch(
    manager: EntityManager,
    dispatchId: string,
    taskIds: string[],
    at: Date,
  ): Promise<void> {
    if (taskIds.length === 0) return;
    await manager.insert(
      DispatchTask,
      taskIds.map((taskId) => ({ dispatchId, taskId })),
    );
    await manager.update(Task, { id: In(taskIds), dispatchedAt: IsNull() }, { dispatchedAt: at });
  }

  /** The task if it is this client's; 404 otherwise. */
  async staffTask(clientId: string, taskId: string): Promise<Task> {
    const task = await this.tasks.findOneBy({ id: taskId, clientId });
    if (!task) throw new NotFoundException('No such task for this client.');
    return task;
  }

  /** Edits an open task: title, description, due date, and new requests appended. */
  async update(clientId: string, taskId: string, input: UpdateTaskDto): Promise<void> {
    await this.transactor.run(async (manager) => {
      const task = await manager.findOneBy(Task, { id: taskId, clientId });
      if (!task) throw new NotFoundException('No such task for this client.');
      if (task.status !== 'open') throw notOpen(task);
      const changes: Partial<Task> = {};
      if (input.title !== undefined) changes.title = input.title;
      if (input.description !== undefined) changes.description = input.description || null;
      if (input.dueDate !== undefined) changes.dueDate = input.dueDate;
      if (Object.keys(changes).length > 0) await manager.update(Task, { id: taskId }, changes);
      if (input.addRequests?.length) {
        const existing = await manager.countBy(TaskRequest, { taskId });
        await manager.insert(
          TaskRequest,
          input.addRequests.map((r, i) => ({
            id: newId(),
            taskId,
            position: existing + i,
            kind: r.kind,
            prompt: r.prompt,
            status: 'open' as const,
            completedAt: null,
          })),
        );
      }
    });
  }

  /** Staff end an open task: 'cancel' withdraws it, 'close' marks it completed as it stands. */
  async end(
    clientId: string,
    taskId: string,
    how: 'cancel' | 'close',
    staffId: string,
  ): Promise<void> {
    const now = this.clock.now();
    await this.transactor.run(async (manager) => {
      const task = await manager.findOneBy(Task, { id: taskId, clientId });
      if (!task) throw new NotFoundException('No such task for this client.');
      const changes: Partial<Task> =
        how === 'cancel'
          ? { status: 'cancelled', cancelledAt: now, closedByStaffId: staffId }
          : { status: 'completed', completedAt: now, closedByStaffId: staffId };
      const result = await manager.update(Task, { id: taskId, status: 'open' }, changes);
      if (result.affected !== 1) throw notOpen(task);
      await this.audit.record(
        {
          type: how === 'cancel' ? 'task.cancelled' : 'task.closed',
          actorType: 'staff',
          actorId: staffId,
          clientId,
          subjectId: taskId,
        },
        manager,
      );
    });
  }

  /**
   * Inside a write that just finished a request: completes the task when no request is open.
   * The conditional UPDATE makes a concurrent second completion a no-op.
   */
  async completeIfDone(manager: EntityManager, taskId: string, now: Date): Promise<boolean> {
    const open = await manager.countBy(TaskRequest, { taskId, status: 'open' });
    if (open > 0) return false;
    const result = await manager.update(
      Task,
      { id: taskId, status: 'open' },
      { status: 'completed', completedAt: now },
    );
    return result.affected === 1;
  }

  async listForClient(clientId: string): Promise<TaskSummary[]> {
    const tasks = await this.tasks.find({
      where: { clientId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: 500,
    });
    return this.summaries(tasks);
  }

  /**
   * Up to 100 open and the last 100 completed tasks in scope, with totals. Every list orders by
   * time (kept to the millisecond) and then by id, so tasks done at the same moment always list
   * the same way and a page never repeats or skips one.
   */
  async dashboard(scope: TaskScope): Promise<TaskListResponse> {
    const { open, openTotal } = await this.openTasks(scope);
    const [completed, completedTotal] = await this.visible(scope, 'completed')
      .orderBy('t.completedAt', 'DESC')
      .addOrderBy('t.id', 'ASC')
      .take(DASHBOARD_LIMIT)
      .getManyAndCount();
    return {
      open,
      openTotal,
      completed: await this.summaries(completed),
      completedTotal,
    };
  }

  /** Up to 100 open tasks in scope (soonest due first), with their total. */
  async openTasks(scope: TaskScope): Promise<{ open: TaskSummary[]; openTotal: number }> {
    const [open, openTotal] = await this.visible(scope, 'open')
      .orderBy('t.dueDate', 'ASC')
      .addOrderBy('t.createdAt', 'DESC')
      .addOrderBy('t.id', 'ASC')
      .take(DASHBOARD_LIMIT)
      .getManyAndCount();
    return { open: await this.summaries(open), openTotal };
  }

  /** How many open tasks are in scope: one COUNT, for the link page. */
  countOpen(scope: TaskScope): Promise<number> {
    return this.visible(scope, 'open').getCount();
  }

  /** Every task in scope, filtered by status and text (title or reference), a page at a time. */
  async search(scope: TaskScope, query: SearchTasksDto): Promise<TaskSearchResponse> {
    const qb = this.visible(scope, query.status === 'all' ? undefined : query.status);
    const text = query.q?.trim().toLowerCase();
    if (text) {
      const like = `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
      qb.andWhere(
        "(LOWER(t.title) LIKE :like ESCAPE '!' OR LOWER(t.reference) LIKE :like ESCAPE '!')",
        {
          like,
        },
      );
    }
    const [items, total] = await qb
      .orderBy('t.createdAt', 'DESC')
      .addOrderBy('t.id', 'ASC')
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    return { items: await this.summaries(items), total, offset: query.offset, limit: query.limit };
  }

  /** The task if the caller's scope covers it; 404 otherwise (never 403: no existence leak). */
  async visibleTask(scope: TaskScope, taskId: string, manager?: EntityManager): Promise<Task> {
    const task = await this.visible(scope, undefined, manager)
      .andWhere('t.id = :taskId', { taskId })
      .getOne();
    if (!task) throw new NotFoundException('This task is not available here.');
    return task;
  }

  /** A task's requests and the answers given to them: its own part of the task detail. */
  async requestsAndAnswers(
    taskId: string,
  ): Promise<{ requests: TaskRequest[]; answers: RequestAnswer[] }> {
    const [requests, answers] = await Promise.all([
      this.requests.findBy({ taskId }),
      this.answers.findBy({ taskId }),
    ]);
    return { requests, answers };
  }

  /** One request of the task, or null. */
  requestOf(
    taskId: string,
    requestId: string,
    manager?: EntityManager,
  ): Promise<TaskRequest | null> {
    return (manager ? manager.getRepository(TaskRequest) : this.requests).findOneBy({
      id: requestId,
      taskId,
    });
  }

  /** Inside a write: whether the request is still open (it may have been done meanwhile). */
  async isRequestOpen(manager: EntityManager, requestId: string): Promise<boolean> {
    return (await manager.countBy(TaskRequest, { id: requestId, status: 'open' })) > 0;
  }

  private visible(
    scope: TaskScope,
    status?: TaskStatus,
    manager?: EntityManager,
  ): SelectQueryBuilder<Task> {
    const qb = (manager ? manager.getRepository(Task) : this.tasks).createQueryBuilder('t');
    if ('clientId' in scope) {
      qb.where('t.clientId = :clientId', { clientId: scope.clientId });
    } else {
      const ids = scope.dispatchIds.length ? scope.dispatchIds : ['-'];
      qb.where((sub) => {
        const inner = sub
          .subQuery()
          .select('dt.taskId')
          .from(DispatchTask, 'dt')
          .where('dt.dispatchId IN (:...dispatchIds)', { dispatchIds: ids })
          .getQuery();
        return `t.id IN ${inner}`;
      });
    }
    if (status) qb.andWhere('t.status = :status', { status });
    return qb;
  }

  private async summaries(tasks: Task[]): Promise<TaskSummary[]> {
    if (tasks.length === 0) return [];
    const requests = await this.requests.findBy({ taskId: In(tasks.map((t) => t.id)) });
    const byTask = new Map<string, TaskRequest[]>();
    for (const r of requests) byTask.set(r.taskId, [...(byTask.get(r.taskId) ?? []), r]);
    return tasks.map((t) => toTaskSummary(t, byTask.get(t.id) ?? []));
  }
}

export function notOpen(task: Pick<Task, 'reference' | 'status'>): ConflictException {
  return new ConflictException({
    error: 'task_not_open',
    message: `Task ${task.reference} is ${task.status === 'cancelled' ? 'cancelled' : 'already completed'}, so it cannot be changed.`,
  });
}
