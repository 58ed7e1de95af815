import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import type {
  ClientRemindersResponse,
  ReminderDigestView,
  ReminderView,
  TaskRemindersResponse,
} from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import { ClientsService } from '../clients/clients.service';
import { Clock } from '../common/clock';
import { daysBetween, formatDate, localDate } from '../common/firm-time';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { newId } from '../database/columns';
import { isUniqueViolation } from '../database/database-errors';
import { Transactor } from '../database/transactor';
import { DocumentsService } from '../documents/documents.service';
import type { Link } from '../links/link.entity';
import { LinksService } from '../links/links.service';
import { MailService } from '../mail/mail.service';
import { MessagesService } from '../messages/messages.service';
import type { Task } from '../tasks/task.entity';
import { TasksService } from '../tasks/tasks.service';
import { ReminderDigest } from './reminder-digest.entity';
import {
  decideReminder,
  effectiveSchedule,
  parseTaskSettings,
  reminderTone,
  type ReminderDecision,
  type ReminderTone,
} from './reminder-schedule';
import { Reminder, type ReminderAccess } from './reminder.entity';

const CLIENT_PAGE = 100;
const LIST_LIMIT = 200;

/** How a listed task can be opened: through one link per dispatch, or the legacy PIN. */
type Access =
  { kind: 'link'; dispatchId: string; held: boolean } | { kind: 'pin' } | { kind: 'withdrawn' };

/** One open task of the client as the digest sees it. */
interface Candidate {
  task: Task;
  access: Access;
  decision: ReminderDecision;
  daysToDue: number | null;
  tone: ReminderTone;
}

export interface DigestRunCounts {
  /** Clients looked at (each at most once per firm day). */
  clients: number;
  /** Digest e-mails queued. */
  digests: number;
}

/**
 * Due-date reminders (issue 13): once per firm day, in business hours, each client with open
 * tasks already sent is looked at once (a `reminder_digests` row per client and date, unique).
 * When at least one task is due for a reminder, ONE digest e-mail lists every open task with its
 * due date; it is queued through the outbox in the transaction that records the reminders and
 * their audit events. Reminder links never weaken device binding (see README "Rules we chose").
 */
@Injectable()
export class RemindersService {
  private readonly logger = new Logger('Reminders');

  constructor(
    @InjectRepository(Reminder) private readonly reminders: Repository<Reminder>,
    @InjectRepository(ReminderDigest) private readonly digests: Repository<ReminderDigest>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tasks: TasksService,
    private readonly clients: ClientsService,
    private readonly links: LinksService,
    private readonly documents: DocumentsService,
    private readonly messages: MessagesService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly transactor: Transactor,
    private readonly clock: Clock,
  ) {}

  /**
   * One pass over every client with open sent tasks not yet looked at today (firm date). The
   * caller (ReminderJob) checks business hours and runs it on one instance per tick; the unique
   * key keeps a client to one digest a day even if two passes overlap.
   */
  async runDigests(): Promise<DigestRunCounts> {
    const now = this.clock.now();
    const today = localDate(now, this.config.firm.timeZone);
    const counts: DigestRunCounts = { clients: 0, digests: 0 };
    let after = '';
    for (;;) {
      const clientIds = await this.tasks.clientsWithOpenSentTasks(after, CLIENT_PAGE);
      if (clientIds.length === 0) break;
      after = clientIds[clientIds.length - 1];
      const done = new Set(
        (
          await this.digests.find({
            select: { clientId: true },
            where: { clientId: In(clientIds), localDate: today },
          })
        ).map((d) => d.clientId),
      );
      for (const clientId of clientIds) {
        if (done.has(clientId)) continue;
        try {
          const sent = await this.runClient(clientId, now, today);
          if (sent !== null) counts.clients += 1;
          if (sent) counts.digests += 1;
        } catch (error) {
          // One client's failure (e.g. the database went away) does not stop the others; the
          // client is looked at again on the next tick, since nothing of it was committed.
          this.logger.error({ message: 'reminder digest failed', clientId, error: String(error) });
        }
      }
    }
    if (counts.clients > 0) this.logger.log({ message: 'reminder digests', today, ...counts });
    return counts;
  }

  /**
   * Looks at one client for `today`: true when a digest was queued, false when nothing was due,
   * null when another pass had already looked at the client today.
   */
  async runClient(clientId: string, now: Date, today: string): Promise<boolean | null> {
    const candidates = await this.candidates(clientId, now, today);
    const listed = candidates.filter((c) => c.access.kind !== 'withdrawn');
    const due = listed.filter((c) => c.decision.due);
    const sending = due.some((c) => c.decision.due && c.decision.outcome === 'sent');
    const client = await this.clients.get(clientId);
    try {
      await this.transactor.run(async (manager) => {
        const digest: ReminderDigest = {
          id: newId(),
          clientId,
          localDate: today,
          outcome: sending ? 'sent' : 'none',
          listed: listed.length,
          reminded: due.filter((c) => c.decision.due && c.decision.outcome === 'sent').length,
          mailId: null,
          createdAt: now,
        };
        // First, so a second pass over the same client and day stops here (unique key).
        await manager.insert(ReminderDigest, digest);
        const urls = sending
          ? await this.accessUrls(manager, clientId, listed)
          : new Map<string, string>();
        for (const c of due) {
          if (!c.decision.due) continue;
          const sent = c.decision.outcome === 'sent';
          const access: ReminderAccess = !sent
            ? 'none'
            : c.access.kind === 'pin'
              ? 'pin'
              : c.access.kind === 'link' && !c.access.held
                ? 'unheld'
                : 'held';
          const reminder: Reminder = {
            id: newId(),
            clientId,
            taskId: c.task.id,
            digestId: digest.id,
            outcome: c.decision.outcome,
            reason: c.decision.reason,
            localDate: today,
            dueDate: c.task.dueDate,
            daysToDue: c.daysToDue,
            statutory: c.task.statutory ?? false,
            access,
            createdAt: now,
          };
          await manager.insert(Reminder, reminder);
          await this.audit.record(
            {
              type: sent ? 'reminder.sent' : 'reminder.skipped',
              actorType: 'system',
              clientId,
              subjectId: c.task.id,
              detail: {
                reason: c.decision.reason,
                digestId: digest.id,
                ...(sent ? { access } : { stopRule: 'client_acted' }),
              },
            },
            manager,
          );
        }
        if (!sending) return;
        const mailId = await this.mail.enqueue(manager, {
          to: client.email,
          template: 'reminder-digest',
          data: this.mailData(client.name, listed, urls),
        });
        await manager.update(ReminderDigest, { id: digest.id }, { mailId });
        await this.audit.record(
          {
            type: 'reminder.digest_sent',
            actorType: 'system',
            clientId,
            subjectId: digest.id,
            detail: { listed: digest.listed, reminded: digest.reminded, localDate: today },
          },
          manager,
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
    return sending;
  }

  /** Staff: a client's reminders and digest days, newest first. */
  async forClient(clientId: string): Promise<ClientRemindersResponse> {
    await this.clients.get(clientId);
    const [reminders, digests] = await Promise.all([
      this.reminders.find({
        where: { clientId },
        order: { createdAt: 'DESC', id: 'ASC' },
        take: LIST_LIMIT,
      }),
      this.digests.find({
        where: { clientId },
        order: { createdAt: 'DESC', id: 'ASC' },
        take: LIST_LIMIT,
      }),
    ]);
    return { reminders: reminders.map(toReminderView), digests: digests.map(toDigestView) };
  }

  /** Staff: one task's reminder settings, the schedule that applies and its reminders. */
  async forTask(clientId: string, taskId: string): Promise<TaskRemindersResponse> {
    const task = await this.tasks.staffTask(clientId, taskId);
    const settings = parseTaskSettings(task.reminderSettings);
    const reminders = await this.reminders.find({
      where: { taskId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: LIST_LIMIT,
    });
    return {
      taskId,
      statutory: task.statutory ?? false,
      settings,
      schedule: effectiveSchedule(
        this.config.reminders.schedule,
        settings,
        task.statutory ?? false,
        this.config.reminders.statutoryMax,
      ),
      reminders: reminders.map(toReminderView),
    };
  }

  /** Every open sent task of the client with how it is reached and whether it is due today. */
  private async candidates(clientId: string, now: Date, today: string): Promise<Candidate[]> {
    const zone = this.config.firm.timeZone;
    const items = await this.tasks.openSentTasks(clientId);
    if (items.length === 0) return [];
    const taskIds = items.map((i) => i.task.id);
    const links = await this.links.forDispatches([...new Set(items.flatMap((i) => i.dispatchIds))]);
    const [uploads, messages, history] = await Promise.all([
      this.documents.lastClientUploadAt(taskIds),
      this.messages.lastClientMessageAt(taskIds),
      this.reminders.find({
        select: { taskId: true, outcome: true, localDate: true, createdAt: true },
        where: { taskId: In(taskIds) },
      }),
    ]);
    return items.map(({ task, dispatchIds, lastClientAnswerAt }) => {
      const own = links.filter((l) => dispatchIds.includes(l.dispatchId));
      const access = accessOf(own);
      // "Acted": opened (a link of its dispatches used in a browser), answered, uploaded, wrote.
      const acts = [
        ...own.filter((l) => l.kind !== 'reminder' && l.usedAt).map((l) => l.usedAt!),
        lastClientAnswerAt,
        uploads.get(task.id) ?? null,
        messages.get(task.id) ?? null,
      ].filter((d): d is Date => d !== null);
      const lastAct = acts.length ? Math.max(...acts.map((d) => d.getTime())) : 0;
      const points = history.filter((h) => h.taskId === task.id);
      const lastPoint = points.reduce<Reminder | null>(
        (latest, p) => (!latest || p.createdAt > latest.createdAt ? p : latest),
        null,
      );
      const lastPointAt = lastPoint?.createdAt ?? task.dispatchedAt ?? task.createdAt;
      const statutory = task.statutory ?? false;
      const schedule = effectiveSchedule(
        this.config.reminders.schedule,
        parseTaskSettings(task.reminderSettings),
        statutory,
        this.config.reminders.statutoryMax,
      );
      const dispatchDate = localDate(task.dispatchedAt ?? task.createdAt, zone);
      const opened = own.some((l) => l.kind !== 'reminder' && l.usedAt);
      const decision: ReminderDecision =
        access.kind === 'withdrawn'
          ? { due: false }
          : decideReminder({
              today,
              dueDate: task.dueDate,
              schedule,
              sentCount: points.filter((p) => p.outcome === 'sent').length,
              lastPointDate: lastPoint?.localDate ?? null,
              dispatchDate,
              unopenedLinkSince: access.kind === 'link' && !opened ? dispatchDate : null,
              unopenedLinkDays: this.config.reminders.unopenedLinkDays,
              actedSinceLastPoint: lastAct > lastPointAt.getTime(),
            });
      const daysToDue = task.dueDate ? daysBetween(today, task.dueDate) : null;
      return { task, access, decision, daysToDue, tone: reminderTone(statutory, daysToDue) };
    });
  }

  /**
   * One address per dispatch of the listed tasks (issues 13, 14): a `reminder` link born used,
   * whether or not a device holds the tasks yet. It opens them only in the browser holding them;
   * anywhere else (a scanner, a forwarded mail, the client before she used the original link)
   * its page offers Send Access Link, and the original link stays as it was. A reminder never
   * carries a credential that can be redeemed. Legacy PIN tasks: none (reference and PIN).
   */
  private async accessUrls(
    manager: EntityManager,
    clientId: string,
    listed: Candidate[],
  ): Promise<Map<string, string>> {
    const urls = new Map<string, string>();
    for (const c of listed) {
      if (c.access.kind !== 'link' || urls.has(c.access.dispatchId)) continue;
      const { dispatchId } = c.access;
      const issued = await this.links.issueReminderLink(manager, { clientId, dispatchId });
      urls.set(dispatchId, this.links.url(issued.token));
    }
    return urls;
  }

  private mailData(
    clientName: string,
    listed: Candidate[],
    urls: Map<string, string>,
  ): Record<string, unknown> {
    const firmName = this.config.firmName;
    const reminded = listed.filter((c) => c.decision.due && c.decision.outcome === 'sent');
    const final = reminded.some((c) => c.tone === 'statutory_final');
    const count = listed.length;
    const subject = final
      ? `${firmName}: urgent, an official deadline is due`
      : `${firmName}: reminder of your ${count} open ${count === 1 ? 'task' : 'tasks'}`;
    const tasks = listed.map((c) => {
      const link = c.access.kind === 'link' ? urls.get(c.access.dispatchId) : undefined;
      const held = c.access.kind === 'link' && c.access.held;
      return {
        title: c.task.title,
        reference: c.task.reference,
        description: c.task.description,
        due: dueText(c.task.dueDate, c.daysToDue),
        needsAttention: c.decision.due && c.decision.outcome === 'sent',
        unopened: c.decision.due && c.decision.reason === 'link_unopened',
        statutoryNote: statutoryNote(c.tone, c.daysToDue),
        linkUrl: link ?? null,
        unheld: link !== undefined && !held,
        pin: c.access.kind === 'pin',
      };
    });
    return {
      subject,
      clientName,
      firmName,
      intro:
        count === 1 ? 'You have 1 open task with us.' : `You have ${count} open tasks with us.`,
      tasks,
      anyHeld: tasks.some((t) => t.linkUrl !== null && !t.unheld),
      anyUnheld: tasks.some((t) => t.unheld),
      anyPin: tasks.some((t) => t.pin),
    };
  }
}

/**
 * How the task's latest link dispatch is reached. Withdrawn by staff: not listed at all (stop
 * rule). Otherwise a born-used reminder link; `held` when one of the dispatch's links was used.
 */
function accessOf(links: Link[]): Access {
  const dispatchLinks = links.filter((l) => l.kind === 'dispatch');
  if (dispatchLinks.length === 0) return { kind: 'pin' };
  const latest = dispatchLinks.reduce((a, b) => (b.createdAt > a.createdAt ? b : a));
  const dispatchId = latest.dispatchId;
  const ofDispatch = links.filter((l) => l.dispatchId === dispatchId);
  if (ofDispatch.some((l) => l.revokeReason === 'staff')) return { kind: 'withdrawn' };
  const held = ofDispatch.some((l) => l.kind !== 'reminder' && l.usedAt);
  return { kind: 'link', dispatchId, held };
}

function dueText(dueDate: string | null, daysToDue: number | null): string {
  if (!dueDate || daysToDue === null) return 'no due date';
  const date = formatDate(dueDate);
  if (daysToDue > 1) return `due ${date} (in ${daysToDue} days)`;
  if (daysToDue === 1) return `due tomorrow, ${date}`;
  if (daysToDue === 0) return `due today, ${date}`;
  const late = -daysToDue;
  return `overdue: it was due ${date} (${late} ${late === 1 ? 'day' : 'days'} ago)`;
}

function statutoryNote(tone: ReminderTone, daysToDue: number | null): string | null {
  switch (tone) {
    case 'normal':
      return null;
    case 'statutory':
      return 'This is an official deadline: it cannot be moved.';
    case 'statutory_urgent':
      return `This official deadline is ${daysToDue} days away and cannot be moved. Please complete it now.`;
    case 'statutory_final':
      return daysToDue !== null && daysToDue < 0
        ? 'Final notice: this official deadline has passed. Please contact us today about what can still be done.'
        : 'Final notice: this official deadline cannot be moved, and missing it can cost you the right it protects. Please complete it today.';
  }
}

function toReminderView(r: Reminder): ReminderView {
  return {
    id: r.id,
    taskId: r.taskId,
    digestId: r.digestId,
    outcome: r.outcome,
    reason: r.reason,
    localDate: r.localDate,
    dueDate: r.dueDate,
    daysToDue: r.daysToDue,
    statutory: !!r.statutory,
    access: r.access,
    createdAt: r.createdAt.toISOString(),
  };
}

function toDigestView(d: ReminderDigest): ReminderDigestView {
  return {
    id: d.id,
    localDate: d.localDate,
    outcome: d.outcome,
    listed: d.listed,
    reminded: d.reminded,
    createdAt: d.createdAt.toISOString(),
  };
}
