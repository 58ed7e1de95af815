import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type {
  ClientSummary,
  InboxCounts,
  InboxItem,
  InboxPage,
  InboxQuery,
  InboxView,
  Page,
} from '@app/contracts';
import { Clock } from '../common/clock';
import { addDays, localDate } from '../common/firm-time';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isoTimeOf, placeholders, sqlNumber, sqlTime } from '../database/sql-values';
import { latest, NEVER, taskFacts, taskFlags } from './inbox-sql';
import { StaffTaskRead } from './staff-task-read.entity';

type Row = Record<string, unknown>;

/** `%text%` for LIKE … ESCAPE '!', lower-cased. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

const VIEW_FLAG: Record<Exclude<InboxView, 'all'>, string> = {
  waiting: 'waiting',
  not_opened: 'not_opened',
  in_progress: 'in_progress',
  overdue: 'overdue',
  needs_firm: 'needs_firm',
  unread: 'unread',
};

const time = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  const iso = isoTimeOf(value as Date | string);
  return iso === new Date(`${NEVER.replace(' ', 'T')}Z`).toISOString() ? null : iso;
};

/**
 * The staff workspace's read models (issue 12): the inbox across clients and the client list
 * with open counts and last activity, and read/unread per staff member (the one table it owns,
 * staff_task_reads). Reads go through fixed SQL over the tasks' own indexes (see inbox-sql.ts);
 * it writes nothing but its own table.
 */
@Injectable()
export class InboxService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(StaffTaskRead) private readonly reads: Repository<StaffTaskRead>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async inbox(staffId: string, query: InboxQuery): Promise<InboxPage> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const today = localDate(this.clock.now(), this.config.firm.timeZone);
    const ownerWhere = query.owner === 'mine' ? 'AND t.owner_staff_id = ?' : '';
    const ownerParams = query.owner === 'mine' ? [staffId] : [];
    const flags = taskFlags(taskFacts(ownerWhere));
    const base = [today, staffId, ...ownerParams];

    const [countRow] = await this.db.query<Row[]>(
      `SELECT COUNT(*) AS total_all,
         SUM(x.waiting) AS waiting, SUM(x.not_opened) AS not_opened,
         SUM(x.in_progress) AS in_progress, SUM(x.overdue) AS overdue,
         SUM(x.needs_firm) AS needs_firm, SUM(x.unread) AS unread,
         SUM(x.new_answers) AS new_answers, SUM(x.new_documents) AS new_documents,
         SUM(x.declined) AS declined, SUM(x.new_messages) AS new_messages
       FROM (${flags}) x`,
      base,
    );
    const n = (key: string) => sqlNumber((countRow?.[key] ?? 0) as number);
    const counts: InboxCounts = {
      waiting: n('waiting'),
      notOpened: n('not_opened'),
      inProgress: n('in_progress'),
      overdue: n('overdue'),
      needsFirm: n('needs_firm'),
      unread: n('unread'),
      newAnswers: n('new_answers'),
      newDocuments: n('new_documents'),
      declined: n('declined'),
      newMessages: n('new_messages'),
    };

    const filters: string[] = [];
    const params: unknown[] = [];
    const view = query.view ?? 'all';
    if (view !== 'all') filters.push(`x.${VIEW_FLAG[view]} = 1`);
    if (query.status && query.status !== 'any') {
      filters.push('x.status = ?');
      params.push(query.status);
    }
    if (query.due === 'overdue') {
      filters.push('x.due_date IS NOT NULL AND x.due_date < ?');
      params.push(today);
    } else if (query.due === 'week') {
      filters.push('x.due_date IS NOT NULL AND x.due_date >= ? AND x.due_date <= ?');
      params.push(today, addDays(today, 6));
    } else if (query.due === 'none') {
      filters.push('x.due_date IS NULL');
    }
    const text = query.q?.trim();
    if (text) {
      const like = likePattern(text);
      filters.push(
        `(LOWER(x.title) LIKE ? ESCAPE '!' OR LOWER(x.reference) LIKE ? ESCAPE '!' OR LOWER(c.name) LIKE ? ESCAPE '!' OR c.email LIKE ? ESCAPE '!')`,
      );
      params.push(like, like, like, like);
    }
    const where = filters.length ? `WHERE ${filters.join(' AND ')}` : '';
    const from = `FROM (${flags}) x JOIN clients c ON c.id = x.client_id`;

    const [totalRow] = await this.db.query<Row[]>(`SELECT COUNT(*) AS total ${from} ${where}`, [
      ...base,
      ...params,
    ]);
    const rows = await this.db.query<Row[]>(
      `SELECT x.*, c.name AS client_name, c.email AS client_email, s.username AS owner_username,
         s.display_name AS owner_display_name
       ${from} LEFT JOIN staff s ON s.id = x.owner_staff_id
       ${where}
       ORDER BY CASE WHEN x.due_date IS NULL THEN 1 ELSE 0 END, x.due_date, x.dispatched_at DESC,
         x.task_id
       LIMIT ? OFFSET ?`,
      [...base, ...params, limit, offset],
    );
    const news = await this.news(rows);
    return {
      items: rows.map((row) => this.item(row, news.get(String(row.task_id)))),
      total: sqlNumber((totalRow?.total ?? 0) as number),
      limit,
      offset,
      counts,
    };
  }

  /** Opening a task marks it read for this staff member (parallel marks: one row, no error). */
  async markRead(staffId: string, taskId: string): Promise<{ seenAt: string }> {
    await this.requireTask(taskId);
    const seenAt = this.clock.now();
    await this.db
      .createQueryBuilder()
      .insert()
      .into(StaffTaskRead)
      .values({ staffId, taskId, seenAt })
      .orUpdate(['seen_at'], ['staff_id', 'task_id'])
      .execute();
    return { seenAt: seenAt.toISOString() };
  }

  /** Marks a task unread again for this staff member. */
  async markUnread(staffId: string, taskId: string): Promise<void> {
    await this.requireTask(taskId);
    await this.reads.delete({ staffId, taskId });
  }

  /** Clients by name, with open tasks, tasks needing the firm, and the latest activity. */
  async clients(
    staffId: string,
    query: { q?: string; limit: number; offset: number },
  ): Promise<Page<ClientSummary>> {
    const text = query.q?.trim();
    const where = text ? `WHERE LOWER(c.name) LIKE ? ESCAPE '!' OR c.email LIKE ? ESCAPE '!'` : '';
    const params = text ? [likePattern(text), likePattern(text)] : [];
    const [totalRow] = await this.db.query<Row[]>(
      `SELECT COUNT(*) AS total FROM clients c ${where}`,
      params,
    );
    const clients = await this.db.query<Row[]>(
      `SELECT c.id, c.name, c.email, c.portal_enabled_from, c.created_at FROM clients c ${where}
       ORDER BY LOWER(c.name), c.id LIMIT ? OFFSET ?`,
      [...params, query.limit, query.offset],
    );
    const ids = clients.map((c) => String(c.id));
    const perClient = new Map<string, Row>();
    if (ids.length) {
      const today = localDate(this.clock.now(), this.config.firm.timeZone);
      const flags = taskFlags(taskFacts(`AND t.client_id IN (${placeholders(ids.length)})`));
      const rows = await this.db.query<Row[]>(
        `SELECT x.client_id,
           SUM(x.needs_firm) AS needs_firm,
           MAX(${latest('x.dispatched_at', 'x.last_client_at')}) AS last_activity_at
         FROM (${flags}) x GROUP BY x.client_id`,
        [today, staffId, ...ids],
      );
      for (const row of rows) perClient.set(String(row.client_id), row);
      // Open tasks, drafts not yet sent included.
      const open = await this.db.query<Row[]>(
        `SELECT t.client_id, COUNT(*) AS open_tasks FROM tasks t
          WHERE t.client_id IN (${placeholders(ids.length)}) AND t.status = 'open'
          GROUP BY t.client_id`,
        ids,
      );
      for (const row of open) {
        const id = String(row.client_id);
        perClient.set(id, { ...(perClient.get(id) ?? {}), open_tasks: row.open_tasks });
      }
    }
    return {
      items: clients.map((c) => {
        const agg = perClient.get(String(c.id));
        return {
          id: String(c.id),
          name: String(c.name),
          email: String(c.email),
          portalEnabledFrom: time(c.portal_enabled_from),
          createdAt: time(c.created_at)!,
          openTasks: sqlNumber((agg?.open_tasks ?? 0) as number),
          needsFirm: sqlNumber((agg?.needs_firm ?? 0) as number),
          lastActivityAt: time(agg?.last_activity_at ?? null),
        };
      }),
      total: sqlNumber((totalRow?.total ?? 0) as number),
      limit: query.limit,
      offset: query.offset,
    };
  }

  private async requireTask(taskId: string): Promise<void> {
    const found = await this.db.query<Row[]>('SELECT id FROM tasks WHERE id = ?', [taskId]);
    if (found.length === 0) {
      throw new NotFoundException({ error: 'task_not_found', message: 'There is no such task.' });
    }
  }

  /** For the page's tasks: how many answers, documents and messages came after the firm's look. */
  private async news(rows: Row[]): Promise<Map<string, InboxItem['news']>> {
    const result = new Map<string, InboxItem['news']>();
    if (rows.length === 0) return result;
    const handledOf = new Map<string, string>();
    for (const row of rows) {
      const handled = [row.firm_seen_at, row.firm_message_at]
        .map((v) => time(v))
        .filter((v): v is string => v !== null)
        .sort()
        .pop();
      handledOf.set(String(row.task_id), handled ? sqlTime(new Date(handled)) : NEVER);
    }
    const ids = rows.map((r) => String(r.task_id));
    const list = placeholders(ids.length);
    const [answers, documents, messages] = await Promise.all([
      this.db.query<Row[]>(
        `SELECT a.task_id, a.submitted_at AS at, a.decision FROM request_answers a
          WHERE a.task_id IN (${list}) AND a.author_type = 'client' AND a.status = 'submitted'`,
        ids,
      ),
      this.db.query<Row[]>(
        `SELECT d.task_id, d.created_at AS at FROM task_documents d
          WHERE d.task_id IN (${list}) AND d.uploaded_by_type = 'client'`,
        ids,
      ),
      this.db.query<Row[]>(
        `SELECT m.task_id, m.created_at AS at FROM task_messages m
          WHERE m.task_id IN (${list}) AND m.author_type = 'client'`,
        ids,
      ),
    ]);
    for (const id of ids) result.set(id, { answers: 0, documents: 0, messages: 0, declined: 0 });
    const after = (row: Row) => {
      const at = time(row.at);
      const handled = handledOf.get(String(row.task_id)) ?? NEVER;
      return at !== null && sqlTime(new Date(at)) > handled;
    };
    for (const row of answers) if (after(row)) result.get(String(row.task_id))!.answers++;
    for (const row of documents) if (after(row)) result.get(String(row.task_id))!.documents++;
    for (const row of messages) if (after(row)) result.get(String(row.task_id))!.messages++;
    for (const row of rows) {
      result.get(String(row.task_id))!.declined = sqlNumber(row.declined as number);
    }
    return result;
  }

  private item(row: Row, news: InboxItem['news'] | undefined): InboxItem {
    const seenAt = time(row.my_seen_at);
    const openedAt =
      [row.link_used_at, row.first_answer_at, row.first_document_at, row.first_message_at]
        .map((v) => time(v))
        .filter((v): v is string => v !== null)
        .sort()[0] ?? null;
    return {
      taskId: String(row.task_id),
      reference: String(row.reference),
      title: String(row.title),
      status: row.status as InboxItem['status'],
      dueDate: (row.due_date as string | null) ?? null,
      client: {
        id: String(row.client_id),
        name: String(row.client_name),
        email: String(row.client_email),
      },
      owner: row.owner_staff_id
        ? {
            id: row.owner_staff_id as string,
            username: (row.owner_username as string | null) ?? '',
            displayName: (row.owner_display_name as string | null) ?? '',
          }
        : null,
      dispatchedAt: time(row.dispatched_at),
      openedAt,
      news: news ?? { answers: 0, documents: 0, messages: 0, declined: 0 },
      lastClientActivityAt: time(row.last_client_at),
      needsFirm: sqlNumber(row.needs_firm as number) === 1,
      overdue: sqlNumber(row.overdue as number) === 1,
      unread: sqlNumber(row.unread as number) === 1,
      seenAt,
    };
  }
}
