import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { MessageView } from '@app/contracts';
import { ClientsService } from '../clients/clients.service';
import type { ClientPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { timeOf } from '../database/sql-values';
import { Transactor } from '../database/transactor';
import { ActivityService } from '../events/activity.service';
import { MailService } from '../mail/mail.service';
import { StaffService } from '../staff/staff.service';
import type { Task } from '../tasks/task.entity';
import { newOrderedId } from '../tasks/ordered-id';
import { TasksService } from '../tasks/tasks.service';
import { toMessageView } from './message-view';
import { TaskMessage } from './task-message.entity';

/**
 * A task's messages as the thread shows them, with the staff author's display name: only the
 * columns the view shows (issue 11). Parameter: the task id.
 */
const LIST_FOR_TASK_SQL = `SELECT m.id, m.author_type, m.body, m.created_at, s.display_name AS author_name
  FROM task_messages m LEFT JOIN staff s ON s.id = m.author_staff_id
  WHERE m.task_id = ?`;

interface MessageViewRow {
  id: string;
  author_type: TaskMessage['authorType'];
  body: string;
  created_at: Date | string;
  author_name: string | null;
}

/**
 * A task's message thread (SPEC rule 18). A staff reply e-mails the client a notice that a
 * message is waiting; the notice names the task and the portal's address, never a link token or
 * a PIN: the client reads it on a trusted device (or asks for an access link from the old one).
 */
@Injectable()
export class MessagesService {
  constructor(
    @InjectRepository(TaskMessage) private readonly messages: Repository<TaskMessage>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tasks: TasksService,
    private readonly clients: ClientsService,
    private readonly mail: MailService,
    private readonly transactor: Transactor,
    private readonly clock: Clock,
    private readonly activity: ActivityService,
    private readonly staff: StaffService,
  ) {}

  async postAsClient(client: ClientPrincipal, taskId: string, body: string): Promise<MessageView> {
    const task = await this.tasks.visibleTask(client.scope, taskId);
    assertThreadOpen(task);
    const message = this.message(task, 'client', task.clientId, client.deviceId, body);
    await this.transactor.run(async (manager) => {
      await manager.insert(TaskMessage, message);
      await this.activity.record(manager, {
        type: 'message.posted',
        actorType: 'client',
        actorId: client.deviceId ?? task.clientId,
        clientId: task.clientId,
        taskId: task.id,
        subjectId: message.id,
        detail: { author: 'client' },
      });
    });
    return toMessageView(message);
  }

  async replyAsStaff(
    clientId: string,
    taskId: string,
    staffId: string,
    body: string,
  ): Promise<MessageView> {
    const task = await this.tasks.staffTask(clientId, taskId);
    assertThreadOpen(task);
    const client = await this.clients.get(clientId);
    // Who wrote, as the thread and the client's notice name them (issues 12 and 13).
    const authorName = (await this.staff.get(staffId)).displayName;
    const message = this.message(task, 'staff', staffId, null, body);
    await this.transactor.run(async (manager) => {
      await manager.insert(TaskMessage, message);
      await this.activity.record(manager, {
        type: 'message.posted',
        actorType: 'staff',
        actorId: staffId,
        clientId,
        taskId: task.id,
        subjectId: message.id,
        detail: { author: 'staff' },
      });
      await this.mail.enqueue(manager, {
        to: client.email,
        template: 'task-message',
        data: {
          clientName: client.name,
          firmName: this.config.firmName,
          taskTitle: task.title,
          reference: task.reference,
          authorName,
          // The task itself (issue 13): no credential, it opens only where the task is held.
          portalUrl: `${this.config.publicUrl}/tasks/${task.id}`,
        },
      });
    });
    return toMessageView({ ...message, authorName });
  }

  /**
   * A task's thread as it is shown (in no particular order), each staff message's author named
   * by their current display name (task-details/ shows it with the task).
   */
  async viewsForTask(taskId: string): Promise<MessageView[]> {
    // One fixed statement (the task detail is a hot path, issue 11): the staff name comes by
    // join, and no ORM hydration.
    const rows = await this.transactor.read<MessageViewRow[]>(LIST_FOR_TASK_SQL, [taskId]);
    return rows.map((r) =>
      toMessageView({
        id: r.id,
        authorType: r.author_type,
        authorName: r.author_name,
        body: r.body,
        createdAt: timeOf(r.created_at),
      }),
    );
  }

  private message(
    task: Task,
    authorType: TaskMessage['authorType'],
    authorId: string,
    deviceId: string | null,
    body: string,
  ): TaskMessage {
    const now = this.clock.now();
    return {
      id: newOrderedId(now),
      taskId: task.id,
      authorType,
      authorId,
      authorStaffId: authorType === 'staff' ? authorId : null,
      deviceId,
      body,
      createdAt: now,
    };
  }

  /** Reminders (issue 13): when the client last wrote a message on each of these tasks. */
  async lastClientMessageAt(taskIds: string[]): Promise<Map<string, Date>> {
    const latest = new Map<string, Date>();
    if (taskIds.length === 0) return latest;
    const rows = await this.messages.find({
      select: { taskId: true, createdAt: true },
      where: { taskId: In(taskIds), authorType: 'client' },
    });
    for (const row of rows) {
      const seen = latest.get(row.taskId);
      if (!seen || row.createdAt > seen) latest.set(row.taskId, row.createdAt);
    }
    return latest;
  }
}

function assertThreadOpen(task: Task): void {
  if (task.status === 'cancelled') {
    throw new ConflictException({
      error: 'task_cancelled',
      message: `Task ${task.reference} was cancelled, so its messages are closed.`,
    });
  }
}
