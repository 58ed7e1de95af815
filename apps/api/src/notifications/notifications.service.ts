import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Not, Repository } from 'typeorm';
import type { NotificationSettingsView, StaffNotifyMode } from '@app/contracts';
import { ClientsService } from '../clients/clients.service';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { newId } from '../database/columns';
import { isUniqueViolation } from '../database/database-errors';
import { Transactor } from '../database/transactor';
import { ActivityEvent } from '../events/activity-event.entity';
import { ActivityService, AlreadyHandled, detailOf } from '../events/activity.service';
import { MailService } from '../mail/mail.service';
import type { Staff } from '../staff/staff.entity';
import { StaffService } from '../staff/staff.service';
import type { Task } from '../tasks/task.entity';
import { TasksService } from '../tasks/tasks.service';
import { joinPhrases, NOTICE_ORDER, noticePhrase, noticeSubject } from './notice-wording';
import { StaffNotice } from './staff-notice.entity';
import { StaffNotificationSetting } from './staff-notification-setting.entity';

const EVENT_BATCH = 500;
const NOTICES_PER_MAIL = 500;
/**
 * A mail lists at most this many tasks and this many bytes of them (UTF-8 JSON); the rest of the
 * notices it carries are summed up in one "and N more tasks: open the inbox" line. The sealed
 * data lands in mail_outbox.sealed_payload, a TEXT column on MariaDB (64 KiB): 500 notices on
 * ~210 distinct tasks overflowed it, the mail failed for good and every later pass retried it.
 * 24,000 bytes sealed (base64, about 4/3) stay well under 64 KiB with the rest of the data.
 */
export const TASKS_PER_MAIL = 50;
export const TASK_BYTES_PER_MAIL = 24_000;
const DEFAULT_MODE: StaffNotifyMode = 'batched';

interface Recipient {
  address: string;
  staffId: string | null;
  mode: StaffNotifyMode;
}

/** Staff, and each one's mode by staff id: who gets which notices, and how. */
interface StaffRecipients {
  staff: Staff[];
  modes: Map<string, StaffNotifyMode>;
}

export interface NotifyRunCounts {
  notices: number;
  mails: number;
}

/**
 * Staff notifications of client activity (issue 12). Two steps, both run by NotificationsJob
 * under a job lease:
 * 1. expand: each new activity event a client caused becomes one notice per task and recipient
 *    (the task's owner at their address, else FIRM_NOTIFY_EMAIL), in the transaction that marks
 *    the event notified;
 * 2. mail: a recipient's pending notices leave in one mail through the outbox, in the
 *    transaction that stamps them mailed: at once when they chose "immediate", and for
 *    "batched" (the default) only once the oldest has waited a window and the last mail to
 *    them is a window old: at most one mail per recipient per STAFF_NOTIFY_WINDOW_MINUTES.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('StaffNotify');

  constructor(
    @InjectRepository(StaffNotice) private readonly notices: Repository<StaffNotice>,
    @InjectRepository(StaffNotificationSetting)
    private readonly settings: Repository<StaffNotificationSetting>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly activity: ActivityService,
    private readonly tasks: TasksService,
    private readonly clients: ClientsService,
    private readonly staff: StaffService,
    private readonly mail: MailService,
    private readonly transactor: Transactor,
    private readonly clock: Clock,
  ) {}

  // ---- settings (each staff user their own) ----

  async settingsOf(staffId: string): Promise<NotificationSettingsView> {
    const member = (await this.staff.list()).find((s) => s.id === staffId);
    const row = await this.settings.findOneBy({ staffId });
    return {
      mode: row?.mode ?? DEFAULT_MODE,
      email: member?.email ?? null,
      windowMinutes: this.config.staffNotify.windowMinutes,
    };
  }

  async setMode(staffId: string, mode: StaffNotifyMode): Promise<NotificationSettingsView> {
    const now = this.clock.now();
    await this.transactor.run(async (manager) => {
      const updated = await manager.update(
        StaffNotificationSetting,
        { staffId },
        { mode, updatedAt: now },
      );
      if (updated.affected !== 1) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(StaffNotificationSetting)
          .values({ staffId, mode, updatedAt: now })
          .orIgnore()
          .execute();
        await manager.update(StaffNotificationSetting, { staffId }, { mode, updatedAt: now });
      }
    });
    return this.settingsOf(staffId);
  }

  // ---- the job ----

  /** Whether a tick has anything to do (so an idle tick claims no lease and writes nothing). */
  async hasWork(): Promise<boolean> {
    if ((await this.activity.unhandled('notify', 1)).length > 0) return true;
    return this.notices.existsBy({ mailedAt: IsNull() });
  }

  async run(): Promise<NotifyRunCounts> {
    // Who gets what: read once a run, by whichever step needs it first (a run is seconds).
    const recipients = this.recipientsOnce();
    const notices = await this.expand(recipients);
    const mails = await this.mailDue(recipients);
    return { notices, mails };
  }

  /** Step 1: new events into notices. */
  async expand(recipients = this.recipientsOnce()): Promise<number> {
    let written = 0;
    let after: ActivityEvent | undefined;
    for (;;) {
      const events = await this.activity.unhandled('notify', EVENT_BATCH, { after });
      if (events.length === 0) return written;
      after = events[events.length - 1];
      const { staff, modes } = await recipients();
      const rows: StaffNotice[] = [];
      const notified = events.filter(notifiable);
      const tasksOf = await this.tasks.tasksOfEvents(notified);
      // One notice per event, task and recipient (a Set: a batch holds thousands of notices).
      const made = new Set<string>();
      for (const event of notified) {
        for (const task of tasksOf.get(event.id) ?? []) {
          const recipient = this.recipientFor(task, staff, modes);
          if (!recipient || recipient.mode === 'off') continue;
          const key = `${event.id}\u0000${task.id}\u0000${recipient.address}`;
          if (made.has(key)) continue;
          made.add(key);
          rows.push({
            id: newId(),
            recipient: recipient.address,
            staffId: recipient.staffId,
            eventId: event.id,
            eventType: event.type,
            clientId: event.clientId,
            taskId: task.id,
            createdAt: event.createdAt,
            mailedAt: null,
          });
        }
      }
      try {
        await this.transactor.run(async (manager) => {
          for (let i = 0; i < rows.length; i += 100) {
            await manager.insert(StaffNotice, rows.slice(i, i + 100));
          }
          await this.activity.markHandled(
            manager,
            'notify',
            events.map((e) => e.id),
            this.clock.now(),
          );
        });
      } catch (error) {
        // A pass of an earlier tick still running got there first (unique key or the marks).
        if (error instanceof AlreadyHandled || isUniqueViolation(error)) return written;
        throw error;
      }
      written += rows.length;
      if (events.length < EVENT_BATCH) return written;
    }
  }

  /** Step 2: one mail per recipient that is due. */
  async mailDue(recipients = this.recipientsOnce()): Promise<number> {
    const now = this.clock.now();
    const windowMs = this.config.staffNotify.windowMinutes * 60_000;
    const pending = await this.notices
      .createQueryBuilder('n')
      .select('n.recipient', 'recipient')
      .addSelect('MIN(n.createdAt)', 'oldest')
      .where('n.mailedAt IS NULL')
      .groupBy('n.recipient')
      .getRawMany<{ recipient: string; oldest: string | Date }>();
    if (pending.length === 0) return 0;
    const { staff, modes } = await recipients();
    let mails = 0;
    for (const { recipient } of pending) {
      const member = staff.find((s) => s.email?.toLowerCase() === recipient && !s.disabledAt);
      const mode = member ? (modes.get(member.id) ?? DEFAULT_MODE) : DEFAULT_MODE;
      const batch = await this.notices.find({
        where: { recipient, mailedAt: IsNull() },
        order: { createdAt: 'ASC', id: 'ASC' },
        take: NOTICES_PER_MAIL,
      });
      if (batch.length === 0) continue;
      if (mode === 'batched') {
        if (now.getTime() - batch[0].createdAt.getTime() < windowMs) continue;
        const last = await this.notices.findOne({
          select: { id: true, mailedAt: true },
          where: { recipient, mailedAt: Not(IsNull()) },
          order: { mailedAt: 'DESC', id: 'ASC' },
        });
        if (last?.mailedAt && now.getTime() - last.mailedAt.getTime() < windowMs) continue;
      }
      try {
        const sent = await this.send(recipient, mode, batch, now);
        if (sent) mails++;
      } catch (error) {
        // One recipient's failure must not stop the others (nor every later pass): log it
        // without the address and go on; its notices stay pending for the next pass.
        this.logger.error({
          message: 'staff notice mail failed',
          notices: batch.length,
          staff: member?.id ?? 'firm',
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return mails;
  }

  private async send(
    recipient: string,
    mode: StaffNotifyMode,
    batch: StaffNotice[],
    now: Date,
  ): Promise<boolean> {
    const data = mode === 'off' ? null : await this.mailData(batch);
    try {
      await this.transactor.run(async (manager) => {
        const ids = batch.map((n) => n.id);
        const stamped = await manager.update(
          StaffNotice,
          { id: In(ids), mailedAt: IsNull() },
          { mailedAt: now },
        );
        if (stamped.affected !== ids.length) throw new AlreadyHandled();
        if (data)
          await this.mail.enqueue(manager, { to: recipient, template: 'staff-activity', data });
      });
    } catch (error) {
      // A pass of an earlier tick still running got there first (unique key or the marks).
      if (error instanceof AlreadyHandled || isUniqueViolation(error)) return false;
      throw error;
    }
    if (data) {
      this.logger.log({ message: 'staff notice queued', notices: batch.length, mode });
    }
    return data !== null;
  }

  /** The mail's data: per task the client, the task and what happened, with a workspace link. */
  private async mailData(batch: StaffNotice[]): Promise<Record<string, unknown>> {
    const taskIds = [...new Set(batch.map((n) => n.taskId))];
    const clientIds = [...new Set(batch.map((n) => n.clientId))];
    const clients = new Map((await this.clients.findByIds(clientIds)).map((c) => [c.id, c]));
    const tasks = new Map<string, Task>();
    for (const clientId of clientIds) {
      const ids = taskIds.filter((id) =>
        batch.some((n) => n.taskId === id && n.clientId === clientId),
      );
      for (const t of await this.tasks.loadForClient(clientId, ids)) tasks.set(t.id, t);
    }
    const all = taskIds.map((taskId) => {
      const notices = batch.filter((n) => n.taskId === taskId);
      const task = tasks.get(taskId);
      const clientName = clients.get(notices[0].clientId)?.name ?? 'A client';
      const phrases = NOTICE_ORDER.map((type) => {
        const n = notices.filter((x) => x.eventType === type).length;
        return n > 0 ? noticePhrase(type, n) : null;
      }).filter((p): p is string => p !== null);
      return {
        clientName,
        taskTitle: task?.title ?? 'A task',
        reference: task?.reference ?? '',
        what: joinPhrases(phrases),
        // The staff task view is addressed by client and task (the admin API's task path).
        url: `${this.config.publicUrl}/staff/clients/${notices[0].clientId}/tasks/${taskId}`,
      };
    });
    const items: typeof all = [];
    let bytes = 0;
    for (const item of all) {
      const size = Buffer.byteLength(JSON.stringify(item));
      if (
        items.length >= TASKS_PER_MAIL ||
        (items.length > 0 && bytes + size > TASK_BYTES_PER_MAIL)
      )
        break;
      items.push(item);
      bytes += size;
    }
    const moreTasks = all.length - items.length;
    return {
      firmName: this.config.firmName,
      subject: noticeSubject(this.config.firmName, all, batch.length),
      updates: batch.length,
      items,
      moreTasks,
      moreTasksText:
        moreTasks === 1
          ? '1 more task has client activity too'
          : `${moreTasks} more tasks have client activity too`,
      inboxUrl: `${this.config.publicUrl}/staff/inbox`,
      windowMinutes: this.config.staffNotify.windowMinutes,
    };
  }

  private recipientFor(
    task: Pick<Task, 'ownerStaffId'>,
    staff: Staff[],
    modes: Map<string, StaffNotifyMode>,
  ): Recipient | null {
    const owner = task.ownerStaffId ? staff.find((s) => s.id === task.ownerStaffId) : undefined;
    if (owner && !owner.disabledAt && owner.email) {
      return {
        address: owner.email.toLowerCase(),
        staffId: owner.id,
        mode: modes.get(owner.id) ?? DEFAULT_MODE,
      };
    }
    const firm = this.config.staffNotify.firmEmail;
    return firm ? { address: firm.toLowerCase(), staffId: null, mode: DEFAULT_MODE } : null;
  }

  /** Staff and their notification settings, read on the first call only. */
  private recipientsOnce(): () => Promise<StaffRecipients> {
    let read: Promise<StaffRecipients> | undefined;
    return () => (read ??= this.readRecipients());
  }

  private async readRecipients(): Promise<StaffRecipients> {
    return { staff: await this.staff.list(), modes: await this.modes() };
  }

  private async modes(): Promise<Map<string, StaffNotifyMode>> {
    const rows = await this.settings.find({ take: 1000 });
    return new Map(rows.map((r) => [r.staffId, r.mode]));
  }
}

/** Client activity only: what staff did themselves (sending, replying) is not news to them. */
function notifiable(event: ActivityEvent): boolean {
  if (event.actorType !== 'client') return false;
  if (event.type === 'task.sent') return false;
  // A declined confirmation is told as such, not also as an answer.
  if (event.type === 'request.answered' && detailOf(event).decision === 'declined') return false;
  return true;
}
