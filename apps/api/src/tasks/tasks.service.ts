import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { In, Repository, SelectQueryBuilder } from 'typeorm';
import type { TaskDetail, TaskListResponse, TaskStatus, TaskSummary } from '@app/contracts';
import { Clock } from '../common/clock';
import { newId } from '../database/columns';
import { Transactor } from '../database/transactor';
import { DispatchTask } from '../dispatches/dispatch-task.entity';
import type { CreateTaskDto } from './dto/create-task.dto';
import { TaskRequest } from './task-request.entity';
import { Task } from './task.entity';
import { toTaskDetail, toTaskSummary } from './task-views';

import type { TaskScope } from '../common/auth/principal';

export const DASHBOARD_LIMIT = 100;
const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

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
    private readonly transactor: Transactor,
    private readonly clock: Clock,
  ) {}

  async create(clientId: string, input: CreateTaskDto): Promise<TaskDetail> {
    const now = this.clock.now();
    const task: Task = {
      id: newId(),
      clientId,
      reference: newTaskReference(),
      title: input.title,
      description: input.description || null,
      dueDate: input.dueDate ?? null,
      status: 'open',
      createdAt: now,
      dispatchedAt: null,
      completedAt: null,
    };
    const requests: TaskRequest[] = input.requests.map((r, position) => ({
      id: newId(),
      taskId: task.id,
      position,
      kind: r.kind,
      prompt: r.prompt,
      status: 'open',
      completedAt: null,
    }));
    await this.transactor.run(async (manager) => {
      await manager.insert(Task, task);
      await manager.insert(TaskRequest, requests);
    });
    return toTaskDetail(task, requests);
  }

  async getForClient(clientId: string, taskId: string): Promise<TaskDetail> {
    const task = await this.tasks.findOneBy({ id: taskId, clientId });
    if (!task) throw new NotFoundException('No such task for this client.');
    return toTaskDetail(task, await this.requests.findBy({ taskId }));
  }

  async listForClient(clientId: string): Promise<TaskSummary[]> {
    const tasks = await this.tasks.find({
      where: { clientId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: 500,
    });
    return this.summaries(tasks);
  }

  /** Up to 100 open and the last 100 completed tasks in scope, with totals. */
  async dashboard(scope: TaskScope): Promise<TaskListResponse> {
    const [open, openTotal] = await this.visible(scope, 'open')
      .orderBy('t.dueDate', 'ASC')
      .addOrderBy('t.createdAt', 'DESC')
      .addOrderBy('t.id', 'ASC')
      .take(DASHBOARD_LIMIT)
      .getManyAndCount();
    const [completed, completedTotal] = await this.visible(scope, 'completed')
      .orderBy('t.completedAt', 'DESC')
      .addOrderBy('t.id', 'ASC')
      .take(DASHBOARD_LIMIT)
      .getManyAndCount();
    return {
      open: await this.summaries(open),
      openTotal,
      completed: await this.summaries(completed),
      completedTotal,
    };
  }

  /** A task's detail if it is in scope; otherwise 404, so existence is not revealed. */
  async detail(scope: TaskScope, taskId: string): Promise<TaskDetail> {
    const task = await this.visible(scope).andWhere('t.id = :taskId', { taskId }).getOne();
    if (!task) throw new NotFoundException('This task is not available here.');
    return toTaskDetail(task, await this.requests.findBy({ taskId }));
  }

  private visible(scope: TaskScope, status?: TaskStatus): SelectQueryBuilder<Task> {
    const qb = this.tasks.createQueryBuilder('t');
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
