import {
  ConflictException,
  Inject,
  Injectable,
  UnprocessableEntityException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { DispatchView } from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import type { PinDispatches } from '../auth/ports';
import type { Client } from '../clients/client.entity';
import { ClientsService } from '../clients/clients.service';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { newId } from '../database/columns';
import { Transactor } from '../database/transactor';
import { ActivityService } from '../events/activity.service';
import { LinksService } from '../links/links.service';
import { taskForMail } from '../mail/mail-templates';
import { MailService } from '../mail/mail.service';
import { PinService } from '../pin/pin.service';
import type { Task } from '../tasks/task.entity';
import { TasksService } from '../tasks/tasks.service';
import { Dispatch, DispatchMode } from './dispatch.entity';

/** A PIN and its slow hash, prepared before the sending transaction opens. */
export type PreparedPin = { pin: string; pinHash: string };

export function isPortalEnabled(client: Client, at: Date): boolean {
  return client.portalEnabledFrom !== null && client.portalEnabledFrom <= at;
}

/**
 * Sends tasks to a client: the one owner of `dispatches`. The dispatch, the tasks it carries
 * (TasksService), its unique link (LinksService) or, for a client not yet portal-enabled, its PIN
 * (PinService, SPEC rule 11) and its outbox mail are written in one transaction: either the
 * client will get the e-mail, or nothing was dispatched.
 */
@Injectable()
export class DispatchesService implements PinDispatches {
  constructor(
    @InjectRepository(Dispatch) private readonly dispatches: Repository<Dispatch>,
    private readonly tasks: TasksService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clients: ClientsService,
    private readonly links: LinksService,
    private readonly pins: PinService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly transactor: Transactor,
    private readonly clock: Clock,
    private readonly activity: ActivityService,
  ) {}

  async dispatch(
    clientId: string,
    taskIds: string[],
    staffId: string | null,
  ): Promise<DispatchView> {
    return (await this.send(clientId, taskIds, staffId)).view;
  }

  /**
   * As dispatch(), also returning the address to open (the link, or the PIN page): only for the
   * development demo banner.
   */
  async send(
    clientId: string,
    taskIds: string[],
    staffId: string | null,
  ): Promise<{ view: DispatchView; linkUrl: string }> {
    const client = await this.clients.get(clientId);
    const now = this.clock.now();
    const mode: DispatchMode = isPortalEnabled(client, now) ? 'link' : 'pin';
    const tasks = await this.tasks.loadForClient(clientId, taskIds);
    if (tasks.length !== taskIds.length) {
      throw new UnprocessableEntityException({
        error: 'validation_failed',
        message: 'Some of taskIds are not tasks of this client.',
        fields: { taskIds: ['every task must belong to this client'] },
      });
    }
    const closed = tasks.filter((t) => t.status !== 'open');
    if (closed.length > 0) {
      throw new ConflictException(
        `Only open tasks can be sent; ${closed.map((t) => t.reference).join(', ')} is not open.`,
      );
    }

    // The PIN's slow hash is computed before the transaction opens.
    const pin = mode === 'pin' ? await this.pins.prepare() : null;
    const { dispatch, linkUrl } = await this.transactor.run((manager) =>
      this.sendWithin(manager, { client, tasks, mode, pin, staffId, now }),
    );
    return {
      view: {
        id: dispatch.id,
        clientId,
        mode: dispatch.mode,
        taskIds,
        createdAt: now.toISOString(),
      },
      linkUrl,
    };
  }

  /**
   * Inside the caller's transaction: the sending itself — the dispatch, its tasks attached, its
   * link or PIN, the mail and the audit event. `pin` is prepared before the transaction when the
   * mode is 'pin' (its slow hash). Compose-and-send (issue 12) calls this after inserting the
   * task in the same transaction.
   */
  async sendWithin(
    manager: EntityManager,
    input: {
      client: Client;
      tasks: Pick<Task, 'id' | 'title' | 'reference'>[];
      mode: DispatchMode;
      pin: PreparedPin | null;
      staffId: string | null;
      now: Date;
    },
  ): Promise<{ dispatch: Dispatch; linkUrl: string }> {
    const { client, tasks, mode, pin, staffId, now } = input;
    const clientId = client.id;
    const taskIds = tasks.map((t) => t.id);
    // Issue 13: each task with its due date and description.
    const taskList = tasks.map(taskForMail);
    const dispatch = await this.record(manager, { clientId, mode, staffId, createdAt: now });
    await this.tasks.attachToDispatch(manager, dispatch.id, taskIds, now);
    let linkUrl: string;
    if (pin) {
      await this.pins.store(manager, {
        dispatchId: dispatch.id,
        clientId,
        taskIds,
        pinHash: pin.pinHash,
      });
      linkUrl = `${this.config.publicUrl}/pin`;
      await this.mail.enqueue(manager, {
        to: client.email,
        template: 'dispatch-pin',
        data: {
          clientName: client.name,
          firmName: this.config.firmName,
          taskCount: tasks.length,
          tasks: taskList,
          pin: pin.pin,
          pinUrl: linkUrl,
        },
      });
    } else {
      const { token } = await this.links.issue(manager, {
        clientId,
        dispatchId: dispatch.id,
        kind: 'dispatch',
      });
      linkUrl = this.links.url(token);
      await this.mail.enqueue(manager, {
        to: client.email,
        template: 'dispatch-link',
        data: {
          clientName: client.name,
          firmName: this.config.firmName,
          taskCount: tasks.length,
          tasks: taskList,
          linkUrl,
          ttlDays: this.config.links.ttlDays,
        },
      });
    }
    await this.audit.record(
      {
        type: 'dispatch.created',
        actorType: staffId ? 'staff' : 'system',
        actorId: staffId,
        clientId,
        subjectId: dispatch.id,
        detail: { tasks: tasks.length, mode },
      },
      manager,
    );
    // Issue 12: one task.sent event per task, for webhooks.
    for (const task of tasks) {
      await this.activity.record(manager, {
        type: 'task.sent',
        actorType: staffId ? 'staff' : 'system',
        actorId: staffId,
        clientId,
        taskId: task.id,
        dispatchId: dispatch.id,
        subjectId: dispatch.id,
        detail: { mode },
      });
    }
    return { dispatch, linkUrl };
  }

  /** The sending mode for this client now: a unique link once portal-enabled, else a PIN. */
  modeFor(client: Client, at: Date): DispatchMode {
    return isPortalEnabled(client, at) ? 'link' : 'pin';
  }

  /** A PIN prepared outside the transaction (its slow hash) when the mode needs one. */
  async preparePin(mode: DispatchMode): Promise<PreparedPin | null> {
    return mode === 'pin' ? this.pins.prepare() : null;
  }

  /**
   * Inside the caller's transaction: records a dispatch (the sending itself; the caller attaches
   * its tasks and issues its link or PIN).
   */
  async record(
    manager: EntityManager,
    input: { clientId: string; mode: DispatchMode; staffId: string | null; createdAt: Date },
  ): Promise<Dispatch> {
    const dispatch: Dispatch = {
      id: newId(),
      clientId: input.clientId,
      mode: input.mode,
      createdByStaffId: input.staffId,
      createdAt: input.createdAt,
    };
    await manager.insert(Dispatch, dispatch);
    return dispatch;
  }

  /** The PinDispatches port: the client a dispatch (a PIN session's subject) belongs to. */
  async clientIdOf(dispatchId: string): Promise<string | null> {
    const dispatch = await this.dispatches.findOne({
      where: { id: dispatchId },
      select: { clientId: true },
    });
    return dispatch?.clientId ?? null;
  }

  /** The PinDispatches port: the ids of a client's PIN dispatches. */
  async pinDispatchIdsOf(clientId: string): Promise<string[]> {
    const dispatches = await this.dispatches.find({
      select: { id: true },
      where: { clientId, mode: 'pin' },
    });
    return dispatches.map((d) => d.id);
  }
}
