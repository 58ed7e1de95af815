import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { newId } from '../database/columns';
import { placeholders, sqlTime, timeOf } from '../database/sql-values';
import { PurgeSteps } from '../database/purge-steps';
import { changedRows, type SqlExecutor } from '../database/transactor';
import { ActivityActor, ActivityEvent, ActivityType } from './activity-event.entity';

export interface ActivityInput {
  type: ActivityType;
  actorType: ActivityActor;
  actorId?: string | null;
  clientId: string;
  taskId?: string | null;
  dispatchId?: string | null;
  subjectId?: string | null;
  detail?: Record<string, string | number | boolean | null>;
}

/** Every column of activity_events: what record() writes and unhandled() reads. */
const ACTIVITY_COLUMNS = `id, type, actor_type, actor_id, client_id, task_id, dispatch_id,
  subject_id, detail, created_at, notified_at, fanned_out_at`;

const INSERT_ACTIVITY_SQL = `INSERT INTO activity_events (${ACTIVITY_COLUMNS})
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)`;

/** Which job a handled mark belongs to. */
export type ActivityConsumer = 'notify' | 'fan-out';

/** Each consumer's handled mark and the index its batches are read on (fixed names: never from input). */
const CONSUMERS: Record<ActivityConsumer, { column: string; index: string }> = {
  notify: { column: 'notified_at', index: 'ix_activity_events_notify' },
  'fan-out': { column: 'fanned_out_at', index: 'ix_activity_events_fan_out' },
};

/** An activity_events row as the fixed read returns it (times per driver: sql-values). */
interface ActivityRow {
  id: string;
  type: ActivityType;
  actor_type: ActivityActor;
  actor_id: string | null;
  client_id: string;
  task_id: string | null;
  dispatch_id: string | null;
  subject_id: string | null;
  detail: string | null;
  created_at: Date | string;
  notified_at: Date | string | null;
  fanned_out_at: Date | string | null;
}

function activityOf(row: ActivityRow): ActivityEvent {
  return {
    id: row.id,
    type: row.type,
    actorType: row.actor_type,
    actorId: row.actor_id,
    clientId: row.client_id,
    taskId: row.task_id,
    dispatchId: row.dispatch_id,
    subjectId: row.subject_id,
    detail: row.detail,
    createdAt: timeOf(row.created_at),
    notifiedAt: timeOf(row.notified_at),
    fannedOutAt: timeOf(row.fanned_out_at),
  };
}

/**
 * The one event point (issue 12): the services where client activity and task events happen call
 * record() with their transaction's manager. Lower layers know nothing of notifications or
 * webhooks; those read the events here.
 */
@Injectable()
export class ActivityService implements OnModuleInit {
  constructor(
    @InjectRepository(ActivityEvent) private readonly events: Repository<ActivityEvent>,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly purgeSteps: PurgeSteps,
  ) {}

  /** Retention (issue 12): the purge deletes events older than ACTIVITY_RETENTION_DAYS. */
  onModuleInit(): void {
    this.purgeSteps.registerAge(
      'activityEvents',
      () => this.config.retention.activityDays,
      (cutoff, size) => this.deleteOlderThan(cutoff, size),
    );
  }

  /**
   * Deletes up to `size` events created before the cutoff, oldest first, read through
   * ix_activity_events_created and deleted by primary key. Handled or not: by then every job has
   * long had them (a webhook delivery carries its own payload).
   */
  async deleteOlderThan(cutoff: Date, size: number): Promise<number> {
    const ids = (
      await this.events.find({
        select: { id: true },
        where: { createdAt: LessThan(cutoff) },
        order: { createdAt: 'ASC' },
        take: size,
      })
    ).map((e) => e.id);
    if (ids.length === 0) return 0;
    return (await this.events.delete({ id: In(ids) })).affected ?? ids.length;
  }

  async record(manager: SqlExecutor, input: ActivityInput): Promise<string> {
    const id = newId();
    // A fixed statement: events are written on hot paths (redeem), where the ORM's insert
    // builder costs more than the statement (issue 11).
    await manager.query(INSERT_ACTIVITY_SQL, [
      id,
      input.type,
      input.actorType,
      input.actorId ?? null,
      input.clientId,
      input.taskId ?? null,
      input.dispatchId ?? null,
      input.subjectId ?? null,
      input.detail ? JSON.stringify(input.detail) : null,
      sqlTime(this.clock.now()),
    ]);
    return id;
  }

  /**
   * Events the consumer has not handled yet, oldest first (created_at, then id), read on its index
   * (handled mark, created_at, and the id InnoDB keeps in it):
   * - `since`: only those created then or later;
   * - `after`: only those after this one (the last of the previous batch). A pass reads its
   *   batches so: marked rows linger in the index until MariaDB purges them, and a pass that began
   *   each batch at the start of the unhandled range would step over every row it had just marked,
   *   again and again (issue 11). An event committed late behind the cursor is read by the next
   *   pass.
   * A fixed statement: a pass reads tens of thousands of events, and the ORM's find and its rows
   * cost more than the statement (issue 11).
   */
  async unhandled(
    consumer: ActivityConsumer,
    limit: number,
    from: { since?: Date; after?: Pick<ActivityEvent, 'createdAt' | 'id'> } = {},
  ): Promise<ActivityEvent[]> {
    const { since, after } = from;
    // Both bounds on one range of the index: created_at from the later of the two, and past the
    // cursor's id only among the events of the cursor's own time.
    const lower = after ? later(after.createdAt, since) : since;
    const { column, index } = CONSUMERS[consumer];
    const conditions = [`${column} IS NULL`];
    const parameters: unknown[] = [];
    if (lower) {
      conditions.push('created_at >= ?');
      parameters.push(sqlTime(lower));
    }
    if (after) {
      conditions.push('(created_at > ? OR id > ?)');
      parameters.push(sqlTime(after.createdAt), after.id);
    }
    // MariaDB otherwise sometimes merged the creation-time index, or the primary key for the
    // cursor's `id > ?` (half the table), into the read and sorted it: the consumer's index reads
    // the batch in its order. SQLite picks that index unasked.
    const hint = this.config.database.driver === 'mysql' ? ` FORCE INDEX (${index})` : '';
    const rows = await this.events.manager.query<ActivityRow[]>(
      `SELECT ${ACTIVITY_COLUMNS} FROM activity_events${hint} WHERE ${conditions.join(' AND ')}
        ORDER BY created_at, id LIMIT ?`,
      [...parameters, limit],
    );
    return rows.map(activityOf);
  }

  /**
   * Marks events handled inside the consumer's transaction, only those still unhandled; throws
   * (rolling the transaction back) when another pass marked any of them first. A fixed statement,
   * as the read: the ORM's update builder with hundreds of ids cost more than the rows (issue 11).
   */
  async markHandled(
    manager: SqlExecutor,
    consumer: ActivityConsumer,
    ids: string[],
    at: Date,
  ): Promise<void> {
    if (ids.length === 0) return;
    const { column } = CONSUMERS[consumer];
    const marked = await changedRows(
      manager,
      `UPDATE activity_events SET ${column} = ? WHERE ${column} IS NULL AND id IN (${placeholders(ids.length)})`,
      [sqlTime(at), ...ids],
    );
    if (marked !== ids.length) throw new AlreadyHandled();
  }

  find(id: string): Promise<ActivityEvent | null> {
    return this.events.findOneBy({ id });
  }
}

/** Another pass handled some of these events first; the caller's transaction rolls back. */
export class AlreadyHandled extends Error {
  constructor() {
    super('activity events already handled by another pass');
  }
}

export function detailOf(event: ActivityEvent): Record<string, unknown> {
  return event.detail ? (JSON.parse(event.detail) as Record<string, unknown>) : {};
}

/** The later of a cursor's time and a lower bound (the bound only when it is later). */
function later(at: Date, since: Date | undefined): Date {
  return since && since.getTime() > at.getTime() ? since : at;
}
