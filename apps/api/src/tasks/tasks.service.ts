import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import {
  DataSource,
  EntityManager,
  In,
  IsNull,
  MoreThan,
  Not,
  Repository,
  SelectQueryBuilder,
} from 'typeorm';
import type {
  RequestKind,
  TaskDetail,
  TaskListResponse,
  TaskSearchResponse,
  TaskStatus,
  TaskSummary,
} from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import { ActivityService } from '../events/activity.service';
import { RequestChange } from './request-change.entity';
import { Clock } from '../common/clock';
import { newId } from '../database/columns';
import { isUniqueViolation } from '../database/database-errors';
import { isoTimeOf, placeholders, sqlNumber, timeOf } from '../database/sql-values';
import { locksRows } from '../database/dialect';
import { Transactor } from '../database/transactor';
import type { CreateTaskDto } from './dto/create-task.dto';
import { reminderSettingsJson } from './dto/reminder-settings.dto';
import type { SearchTasksDto } from './dto/search-tasks.dto';
import type { UpdateTaskDto } from './dto/update-task.dto';
import { DispatchTask } from './dispatch-task.entity';
import { RequestAnswer } from './request-answer.entity';
import { TaskRequest } from './task-request.entity';
import { Task } from './task.entity';
import {
  awaitingFirm,
  DECLINED_ANSWER,
  isDeclinedAnswer,
  type ListedTask,
  type TaskCore,
  toAnswerView,
  toListedSummary,
  toRequestView,
  toTaskCore,
} from './task-views';

import type { TaskScope } from '../auth/principal';

export const DASHBOARD_LIMIT = 100;

/** What a staff notice needs of a task (tasksOfEvents). */
export type NoticeTask = Pick<Task, 'id' | 'clientId' | 'ownerStaffId'>;

interface NoticeTaskRow {
  id: string;
  client_id: string;
  owner_staff_id: string | null;
}

const noticeTaskOf = (row: NoticeTaskRow): NoticeTask => ({
  id: row.id,
  clientId: row.client_id,
  ownerStaffId: row.owner_staff_id,
});

/** The task fields a list reads (ListedTask), as a TypeORM `select`. */
const LISTED_FIELDS: Record<keyof ListedTask | 'createdAt', true> = {
  id: true,
  reference: true,
  title: true,
  status: true,
  dueDate: true,
  dispatchedAt: true,
  completedAt: true,
  openRequests: true,
  totalRequests: true,
  declinedAnswers: true,
  createdAt: true,
};
const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Draws of a new reference before a task's insert gives up (each taken: about 1 in 730 at 1M). */
const REFERENCE_ATTEMPTS = 5;

/** What TasksService.insert writes: a new task, or an imported one with its history. */
export interface NewTask {
  title: string;
  description?: string | null;
  dueDate?: string | null;
  /** Issue 13: a statutory deadline, and the task's reminder settings as stored JSON. */
  statutory?: boolean;
  reminderSettings?: string | null;
  requests: { kind: RequestKind; prompt: string }[];
  createdAt: Date;
  /** Generated when absent. */
  reference?: string;
  dispatchedAt?: Date | null;
  /** Set for finished work: the task is completed and every request done at this time. */
  completedAt?: Date | null;
  /** Issue 12: the staff member who owns the task. */
  ownerStaffId?: string | null;
}

export function newTaskReference(): string {
  let ref = 'T-';
  for (let i = 0; i < 6; i++) ref += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return ref;
}

/** A fixed statement and its parameters, for `DataSource.query` (`?` placeholders). */
export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/**
 * The hot client reads (dashboard, link page, redeem, task detail) are fixed SQL statements: the
 * ORM would send one statement per list and another for the requests of every list (a TEXT
 * column each) only to count them. These select no TEXT column they do not return (an on-disk
 * temporary table otherwise) and read the same on SQLite and MariaDB. The lists read the request
 * counters kept on the task row (TasksService.adjustCounts), not task_requests and
 * request_answers: three correlated counts per listed task were two thirds of MariaDB's time
 * on a 150 + 150 dashboard (issue 11).
 */
/** A listed task: its summary columns and request counters (declined: issue 12, with the firm). */
const LIST_COLUMNS = `t.id, t.reference, t.title, t.status, t.due_date, t.dispatched_at, t.completed_at,
  t.open_requests, t.total_requests, t.declined_answers AS declined`;

/** `t.id` is in the scope: the dispatches' tasks (primary key of dispatch_tasks), or the client's. */
function scopeCondition(scope: TaskScope): SqlStatement {
  if ('clientId' in scope) return { sql: 't.client_id = ?', params: [scope.clientId] };
  const ids = scope.dispatchIds.length ? scope.dispatchIds : ['-'];
  return {
    sql: `t.id IN (SELECT dt.task_id FROM dispatch_tasks dt WHERE dt.dispatch_id IN (${placeholders(ids.length)}))`,
    params: ids,
  };
}

/**
 * The dashboard in one statement: up to 100 open and the last 100 completed, with totals. The
 * tasks in scope are read once (not once per list, as a UNION ALL of the two lists did: 40% of
 * MariaDB's time, issue 11) and numbered within their list in the lists' orders (`n`, from 1).
 */
export function dashboardStatement(scope: TaskScope): SqlStatement {
  const where = scopeCondition(scope);
  return {
    sql: `SELECT x.* FROM (
      SELECT ${LIST_COLUMNS}, COUNT(*) OVER (PARTITION BY t.status) AS total,
        ROW_NUMBER() OVER (PARTITION BY t.status ORDER BY
          CASE WHEN t.status = 'open' THEN t.due_date END ASC,
          CASE WHEN t.status = 'open' THEN t.created_at END DESC,
          CASE WHEN t.status = 'completed' THEN t.completed_at END DESC, t.id ASC) AS n
      FROM tasks t WHERE ${where.sql} AND t.status IN ('open', 'completed')) x
    WHERE x.n <= ${DASHBOARD_LIMIT}`,
    params: where.params,
  };
}

/** Up to 100 open tasks in scope with their total (link redemption answers with them). */
export function openTasksStatement(scope: TaskScope): SqlStatement {
  const where = scopeCondition(scope);
  return {
    sql: `SELECT ${LIST_COLUMNS}, COUNT(*) OVER () AS total FROM tasks t
      WHERE ${where.sql} AND t.status = 'open'
      ORDER BY t.due_date ASC, t.created_at DESC, t.id ASC LIMIT ${DASHBOARD_LIMIT}`,
    params: where.params,
  };
}

/**
 * How many open tasks the dispatch in `dispatchColumn` carried, as a scalar subquery for a
 * statement of the caller's (the link page counts them in its one statement).
 */
export function openTaskCountSql(dispatchColumn: string): string {
  return `(SELECT COUNT(*) FROM tasks t WHERE t.status = 'open'
    AND t.id IN (SELECT dt.task_id FROM dispatch_tasks dt WHERE dt.dispatch_id = ${dispatchColumn}))`;
}

/**
 * A task with its requests and their answers in one statement (the task detail), reading only
 * what the detail shows, and the owner staff see: each column a result carries is a column
 * definition mysql2 parses and a field it reads, per request (issue 11).
 */
export function taskDetailStatement(scope: TaskScope, taskId: string): SqlStatement {
  const where = scopeCondition(scope);
  return {
    sql: `SELECT t.id, t.reference, t.title, t.description, t.due_date, t.status, t.created_at,
      t.dispatched_at, t.completed_at, t.owner_staff_id,
      r.id AS r_id, r.position AS r_position, r.kind AS r_kind, r.prompt AS r_prompt,
      r.status AS r_status, r.completed_at AS r_completed_at, r.change_note AS r_change_note,
      a.status AS a_status, a.text AS a_text, a.decision AS a_decision,
      a.author_type AS a_author_type, a.updated_at AS a_updated_at, a.submitted_at AS a_submitted_at
    FROM tasks t
    LEFT JOIN task_requests r ON r.task_id = t.id
    LEFT JOIN request_answers a ON a.request_id = r.id
    WHERE t.id = ? AND ${where.sql}`,
    params: [taskId, ...where.params],
  };
}

type SqlTime = Date | string;

interface ListRow {
  id: string;
  reference: string;
  title: string;
  status: TaskStatus;
  due_date: string | null;
  dispatched_at: SqlTime | null;
  completed_at: SqlTime | null;
  total: number | string;
  open_requests: number | string;
  total_requests: number | string;
  declined: number | string;
}

/** A row of the dashboard (dashboardStatement): `n` is its place in its list, from 1. */
interface DashboardRow extends ListRow {
  status: 'open' | 'completed';
  n: number | string;
}

/** A row of taskDetailStatement: the task, one of its requests (if any) and its answer (if any). */
export interface TaskDetailRow {
  id: string;
  reference: string;
  title: string;
  description: string | null;
  due_date: string | null;
  status: TaskStatus;
  created_at: SqlTime;
  dispatched_at: SqlTime | null;
  completed_at: SqlTime | null;
  owner_staff_id: string | null;
  r_id: string | null;
  r_position: number | string;
  r_kind: RequestKind;
  r_prompt: string;
  r_status: TaskRequest['status'];
  r_completed_at: SqlTime | null;
  r_change_note: string | null;
  a_status: RequestAnswer['status'] | null;
  a_text: string | null;
  a_decision: RequestAnswer['decision'];
  a_author_type: RequestAnswer['authorType'];
  a_updated_at: SqlTime;
  a_submitted_at: SqlTime | null;
}

/** The task detail's own part as staff read it: the core and the task's owner. */
export interface StaffTaskCore {
  core: TaskCore;
  ownerStaffId: string | null;
}

function summaryOf(row: ListRow): TaskSummary {
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    status: row.status,
    dueDate: row.due_date,
    openRequests: sqlNumber(row.open_requests),
    totalRequests: sqlNumber(row.total_requests),
    dispatchedAt: isoTimeOf(row.dispatched_at),
    completedAt: isoTimeOf(row.completed_at),
    awaitingFirm: awaitingFirm(row.status, sqlNumber(row.declined)),
  };
}

function listResult(of: ListRow[]) {
  return { items: of.map(summaryOf), total: of.length ? sqlNumber(of[0].total) : 0 };
}

/** The dashboard's two lists, each row put in its place (`n`): no sort, no comparison. */
function dashboardOf(rows: DashboardRow[]): TaskListResponse {
  const open: TaskSummary[] = [];
  const completed: TaskSummary[] = [];
  let openTotal = 0;
  let completedTotal = 0;
  for (const row of rows) {
    const place = sqlNumber(row.n) - 1;
    if (row.status === 'open') {
      open[place] = summaryOf(row);
      openTotal = sqlNumber(row.total);
    } else {
      completed[place] = summaryOf(row);
      completedTotal = sqlNumber(row.total);
    }
  }
  return { open, openTotal, completed, completedTotal };
}

/**
 * The rows of taskDetailStatement straight to what the detail shows, in one pass: the same view
 * toTaskCore makes of the task's entities (the spec compares the two), without making them.
 */
export function taskCoreOf(rows: TaskDetailRow[]): StaffTaskCore | null {
  if (rows.length === 0) return null;
  const t = rows[0];
  const requests: TaskCore['requests'] = [];
  let open = 0;
  let declined = false;
  for (const r of rows) {
    if (r.r_id === null) continue;
    if (r.r_status === 'open') open++;
    const answerStatus = r.a_status;
    if (
      answerStatus !== null &&
      isDeclinedAnswer({ status: answerStatus, decision: r.a_decision })
    ) {
      declined = true;
    }
    requests.push(
      toRequestView(
        {
          id: r.r_id,
          kind: r.r_kind,
          prompt: r.r_prompt,
          status: r.r_status,
          position: sqlNumber(r.r_position),
          completedAt: isoTimeOf(r.r_completed_at),
          changeNote: r.r_change_note,
        },
        answerStatus === null
          ? null
          : toAnswerView({
              status: answerStatus,
              text: r.a_text,
              decision: r.a_decision,
              authorType: r.a_author_type,
              updatedAt: timeOf(r.a_updated_at),
              submittedAt: timeOf(r.a_submitted_at),
            }),
      ),
    );
  }
  requests.sort((a, b) => a.position - b.position);
  return {
    core: {
      id: t.id,
      reference: t.reference,
      title: t.title,
      status: t.status,
      dueDate: t.due_date,
      openRequests: open,
      totalRequests: requests.length,
      dispatchedAt: isoTimeOf(t.dispatched_at),
      completedAt: isoTimeOf(t.completed_at),
      awaitingFirm: awaitingFirm(t.status, declined ? 1 : 0),
      description: t.description,
      createdAt: isoTimeOf(t.created_at),
      requests,
    },
    ownerStaffId: t.owner_staff_id,
  };
}

@Injectable()
export class TasksService {
  constructor(
    @InjectRepository(Task) private readonly tasks: Repository<Task>,
    @InjectRepository(TaskRequest) private readonly requests: Repository<TaskRequest>,
    private readonly transactor: Transactor,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
  ) {}

  /** Staff create a task with its requests (sent later by a dispatch); it has no history yet. */
  async create(clientId: string, input: CreateTaskDto): Promise<TaskDetail> {
    const { task, requests } = await this.transactor.run((manager) =>
      this.insert(manager, clientId, {
        ...input,
        reminderSettings: reminderSettingsJson(input.reminders),
        createdAt: this.clock.now(),
      }),
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
      statutory: input.statutory ?? false,
      reminderSettings: input.reminderSettings ?? null,
      createdAt: input.createdAt,
      dispatchedAt: input.dispatchedAt ?? null,
      completedAt,
      cancelledAt: null,
      closedByStaffId: null,
      ownerStaffId: input.ownerStaffId ?? null,
      openRequests: completedAt ? 0 : input.requests.length,
      totalRequests: input.requests.length,
      declinedAnswers: 0,
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
    await this.insertWithFreeReference(manager, task, input.reference === undefined);
    await manager.insert(TaskRequest, requests);
    return { task, requests };
  }

  /**
   * Writes the task. A generated reference (6 of 30 characters: about 729 million) can already
   * name another task, more likely the more tasks there are (1 in 730 with a million): then it is
   * drawn again, within the same transaction (a refused INSERT undoes only itself on MariaDB and
   * SQLite). A reference the caller gave is written as given; its duplicate is the caller's error.
   */
  private async insertWithFreeReference(
    manager: EntityManager,
    task: Task,
    generated: boolean,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await manager.insert(Task, task);
        return;
      } catch (error) {
        if (!generated || attempt >= REFERENCE_ATTEMPTS || !isUniqueViolation(error)) throw error;
        task.reference = newTaskReference();
      }
    }
  }

  /** The tasks among taskIds that are this client's (the caller checks none is missing). */
  loadForClient(clientId: string, taskIds: string[]): Promise<Task[]> {
    if (taskIds.length === 0) return Promise.resolve([]);
    return this.tasks.findBy({ id: In(taskIds), clientId });
  }

  /**
   * Staff notifications (issue 12) for a batch of activity events, in two reads whatever the
   * batch's size (issue 11: not two per event). For each event id, the tasks it is about:
   * - an event naming a task: that task;
   * - an event naming only a dispatch: every task the dispatch carried, whatever its status;
   * and in both only the event's own client's tasks (an event never reaches another client's).
   */
  async tasksOfEvents(
    events: ReadonlyArray<{
      id: string;
      clientId: string;
      taskId: string | null;
      dispatchId: string | null;
    }>,
  ): Promise<Map<string, NoticeTask[]>> {
    // Fixed statements: a pass reads thousands of events, and the ORM's finds with hundreds of
    // ids in them cost more than the rows (issue 11). Only what a notice needs of each task.
    const dispatchIds = [
      ...new Set(events.filter((e) => !e.taskId && e.dispatchId).map((e) => e.dispatchId!)),
    ];
    const carried = dispatchIds.length
      ? await this.dataSource.query<(NoticeTaskRow & { dispatch_id: string })[]>(
          `SELECT dt.dispatch_id, t.id, t.client_id, t.owner_staff_id
             FROM dispatch_tasks dt JOIN tasks t ON t.id = dt.task_id
            WHERE dt.dispatch_id IN (${placeholders(dispatchIds.length)})`,
          dispatchIds,
        )
      : [];
    const carriedBy = new Map<string, NoticeTask[]>();
    for (const row of carried) {
      const tasks = carriedBy.get(row.dispatch_id) ?? [];
      tasks.push(noticeTaskOf(row));
      carriedBy.set(row.dispatch_id, tasks);
    }
    const named = [...new Set(events.flatMap((e) => (e.taskId ? [e.taskId] : [])))];
    const byId = new Map(
      (named.length
        ? await this.dataSource.query<NoticeTaskRow[]>(
            `SELECT id, client_id, owner_staff_id FROM tasks WHERE id IN (${placeholders(named.length)})`,
            named,
          )
        : []
      ).map((row) => [row.id, noticeTaskOf(row)]),
    );
    const byEvent = new Map<string, NoticeTask[]>();
    for (const e of events) {
      const task = e.taskId ? byId.get(e.taskId) : undefined;
      const found = e.taskId
        ? task
          ? [task]
          : []
        : e.dispatchId
          ? (carriedBy.get(e.dispatchId) ?? [])
          : [];
      // Only the event's own client's tasks: an event never reaches another client's.
      byEvent.set(
        e.id,
        found.filter((t) => t.clientId === e.clientId),
      );
    }
    return byEvent;
  }

  /** Bulk dispatch (issue 12): whether the client already has an open task with this title. */
  hasOpenTaskTitled(clientId: string, title: string): Promise<boolean> {
    return this.tasks.exists({ where: { clientId, status: 'open', title } });
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
      if (input.statutory !== undefined) changes.statutory = input.statutory;
      if (input.reminders !== undefined) {
        changes.reminderSettings = reminderSettingsJson(input.reminders);
      }
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
        const added = input.addRequests.length;
        await this.adjustCounts(manager, taskId, { open: added, total: added });
      }
    });
  }

  /**
   * Inside the transaction that changed them: moves the task's request counters (issue 11) by
   * these amounts. Relative, on the task row's latest state: each caller changes a request or
   * an answer first with a guarded UPDATE (one of two racing writers gets 0 rows and stops), so
   * concurrent writers add up instead of overwriting each other's counts.
   */
  async adjustCounts(
    manager: EntityManager,
    taskId: string,
    by: { open?: number; total?: number; declined?: number },
  ): Promise<void> {
    await manager.query(
      `UPDATE tasks SET open_requests = open_requests + ?, total_requests = total_requests + ?,
        declined_answers = declined_answers + ? WHERE id = ?`,
      [by.open ?? 0, by.total ?? 0, by.declined ?? 0, taskId],
    );
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
      // A task the firm closes is completed like one the client finished: webhooks hear it
      // (notices do not: what staff did themselves is not news to them).
      if (how === 'close') {
        await this.activity.record(manager, {
          type: 'task.completed',
          actorType: 'staff',
          actorId: staffId,
          clientId,
          taskId,
          subjectId: null,
        });
      }
    });
  }

  /**
   * Inside a write that just finished a request: completes the task when no request is open.
   * The conditional UPDATE makes a concurrent second completion a no-op.
   */
  async completeIfDone(manager: EntityManager, taskId: string, now: Date): Promise<boolean> {
    const open = await manager.countBy(TaskRequest, { taskId, status: 'open' });
    if (open > 0) return false;
    // A declined confirmation leaves the task with the firm (DECLINED_ANSWER).
    const declined = await manager.countBy(RequestAnswer, { taskId, ...DECLINED_ANSWER });
    if (declined > 0) return false;
    const result = await manager.update(
      Task,
      { id: taskId, status: 'open' },
      { status: 'completed', completedAt: now },
    );
    return result.affected === 1;
  }

  async listForClient(clientId: string): Promise<TaskSummary[]> {
    const tasks = await this.tasks.find({
      select: LISTED_FIELDS,
      where: { clientId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: 500,
    });
    return tasks.map(toListedSummary);
  }

  /**
   * Up to 100 open and the last 100 completed tasks in scope, with totals: one statement
   * (dashboardStatement). Every list orders by time (kept to the millisecond) and then by id, so
   * tasks done at the same moment always list the same way and a page never repeats or skips one.
   */
  async dashboard(scope: TaskScope): Promise<TaskListResponse> {
    const { sql, params } = dashboardStatement(scope);
    return dashboardOf(await this.dataSource.query<DashboardRow[]>(sql, params));
  }

  /** Up to 100 open tasks in scope (soonest due first, in the statement's order), with their total. */
  async openTasks(scope: TaskScope): Promise<{ open: TaskSummary[]; openTotal: number }> {
    const { sql, params } = openTasksStatement(scope);
    const open = listResult(await this.transactor.read<ListRow[]>(sql, params));
    return { open: open.items, openTotal: open.total };
  }

  /** How many open tasks are in scope: one COUNT. */
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
      .select(Object.keys(LISTED_FIELDS).map((field) => `t.${field}`))
      .orderBy('t.createdAt', 'DESC')
      .addOrderBy('t.id', 'ASC')
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    return { items: items.map(toListedSummary), total, offset: query.offset, limit: query.limit };
  }

  /** The task if the caller's scope covers it; 404 otherwise (never 403: no existence leak). */
  async visibleTask(scope: TaskScope, taskId: string, manager?: EntityManager): Promise<Task> {
    const task = await this.visible(scope, undefined, manager)
      .andWhere('t.id = :taskId', { taskId })
      .getOne();
    if (!task) throw new NotFoundException('This task is not available here.');
    return task;
  }

  /**
   * The task detail's own part in one statement, if the caller's scope covers the task; 404
   * otherwise (never 403: no existence leak).
   */
  async visibleTaskCore(scope: TaskScope, taskId: string): Promise<TaskCore> {
    const found = await this.taskCore(scope, taskId);
    if (!found) throw new NotFoundException('This task is not available here.');
    return found.core;
  }

  /** The same for staff, with the task's owner: the task if it is this client's; 404 otherwise. */
  async staffTaskCore(clientId: string, taskId: string): Promise<StaffTaskCore> {
    const found = await this.taskCore({ clientId }, taskId);
    if (!found) throw new NotFoundException('No such task for this client.');
    return found;
  }

  private async taskCore(scope: TaskScope, taskId: string): Promise<StaffTaskCore | null> {
    const { sql, params } = taskDetailStatement(scope, taskId);
    return taskCoreOf(await this.transactor.read<TaskDetailRow[]>(sql, params));
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

  /**
   * Inside a write (issue 13, removing a file): whether the request and its task are still open,
   * from their latest committed state (locking reads on MySQL, past the transaction's snapshot).
   */
  /**
   * When the firm last asked for changes to the request (null: never). Files of the request
   * uploaded before that the firm already received with the submission it sent back.
   */
  async latestChangeRequestAt(manager: EntityManager, requestId: string): Promise<Date | null> {
    const latest = await manager.findOne(RequestChange, {
      select: { id: true, createdAt: true },
      where: { requestId },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
    return latest?.createdAt ?? null;
  }

  async isRequestOpenNow(
    manager: EntityManager,
    requestId: string,
    taskId: string,
  ): Promise<boolean> {
    const mysql = locksRows(manager);
    const request = await manager.findOne(TaskRequest, {
      where: { id: requestId, taskId },
      ...(mysql ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (request?.status !== 'open') return false;
    const task = await manager.findOne(Task, {
      where: { id: taskId },
      ...(mysql ? { lock: { mode: 'pessimistic_read' as const } } : {}),
    });
    return task?.status === 'open';
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

  /**
   * Reminders (issue 13): up to `limit` ids of clients that have open tasks already sent, after
   * `afterClientId` in id order (the digest job pages through them).
   */
  async clientsWithOpenSentTasks(afterClientId: string, limit: number): Promise<string[]> {
    const rows = await this.tasks.find({
      select: { clientId: true },
      where: { status: 'open', dispatchedAt: Not(IsNull()), clientId: MoreThan(afterClientId) },
      order: { clientId: 'ASC', id: 'ASC' },
      take: limit * 20,
    });
    return [...new Set(rows.map((r) => r.clientId))].slice(0, limit);
  }

  /**
   * Reminders: a client's open tasks already sent (due date first, undated last), each with the
   * dispatches that carried it, and when the client last wrote an answer on it.
   */
  async openSentTasks(
    clientId: string,
  ): Promise<{ task: Task; dispatchIds: string[]; lastClientAnswerAt: Date | null }[]> {
    const tasks = await this.tasks.find({
      where: { clientId, status: 'open', dispatchedAt: Not(IsNull()) },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: 500,
    });
    if (tasks.length === 0) return [];
    const ids = tasks.map((t) => t.id);
    const carried = await this.tasks.manager.find(DispatchTask, { where: { taskId: In(ids) } });
    // By entity name: this file needs RequestAnswer only as a type.
    const answers = await this.tasks.manager.getRepository<RequestAnswer>('RequestAnswer').find({
      select: { taskId: true, updatedAt: true },
      where: { taskId: In(ids), authorType: 'client' },
    });
    const latest = new Map<string, Date>();
    for (const a of answers) {
      const seen = latest.get(a.taskId);
      if (!seen || a.updatedAt > seen) latest.set(a.taskId, a.updatedAt);
    }
    tasks.sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
    return tasks.map((task) => ({
      task,
      dispatchIds: carried.filter((c) => c.taskId === task.id).map((c) => c.dispatchId),
      lastClientAnswerAt: latest.get(task.id) ?? null,
    }));
  }
}

export function notOpen(task: Pick<Task, 'reference' | 'status'>): ConflictException {
  return new ConflictException({
    error: 'task_not_open',
    message: `Task ${task.reference} is ${task.status === 'cancelled' ? 'cancelled' : 'already completed'}, so it cannot be changed.`,
  });
}
