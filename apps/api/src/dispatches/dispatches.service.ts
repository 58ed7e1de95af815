import {
  ConflictException,
  Inject,
  Injectable,
  UnprocessableEntityException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import type { DispatchView } from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import { Client } from '../clients/client.entity';
import { ClientsService } from '../clients/clients.service';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { newId } from '../database/columns';
import { Transactor } from '../database/transactor';
import { LinksService } from '../links/links.service';
import { MailService } from '../mail/mail.service';
import { PinService } from '../pin/pin.service';
import { Task } from '../tasks/task.entity';
import { DispatchTask } from '../tasks/dispatch-task.entity';
import { Dispatch, DispatchMode } from './dispatch.entity';

export function isPortalEnabled(client: Client, at: Date): boolean {
  return client.portalEnabledFrom !== null && client.portalEnabledFrom <= at;
}

/**
 * Sends tasks to a client. The dispatch, its unique link (or, for a client not yet
 * portal-enabled, its PIN: SPEC rule 11) and its outbox mail are written in one transaction:
 * either the client will get the e-mail, or nothing was dispatched.
 */
@Injectable()
export class DispatchesService {
  constructor(
    @InjectRepository(Task) private readonly tasks: Repository<Task>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clients: ClientsService,
    private readonly links: LinksService,
    private readonly pins: PinService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly transactor: Transactor,
    private readonly clock: Clock,
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
    const tasks = await this.tasks.findBy({ id: In(taskIds), clientId });
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

    const dispatch: Dispatch = {
      id: newId(),
      clientId,
      mode,
      createdByStaffId: staffId,
      createdAt: now,
    };
    // The PIN's slow hash is computed before the transaction opens.
    const pin = mode === 'pin' ? await this.pins.prepare() : null;
    const linkUrl = await this.transactor.run(async (manager) => {
      await manager.insert(Dispatch, dispatch);
      await manager.insert(
        DispatchTask,
        taskIds.map((taskId) => ({ dispatchId: dispatch.id, taskId })),
      );
      await manager.update(
        Task,
        { id: In(taskIds), dispatchedAt: IsNull() },
        { dispatchedAt: now },
      );
      const taskList = tasks.map((t) => ({ title: t.title, reference: t.reference }));
      const audit = async (): Promise<void> =>
        this.audit.record(
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
      if (pin) {
        await this.pins.store(manager, {
          dispatchId: dispatch.id,
          clientId,
          taskIds,
          pinHash: pin.pinHash,
        });
        const pinUrl = `${this.config.publicUrl}/pin`;
        await this.mail.enqueue(manager, {
          to: client.email,
          template: 'dispatch-pin',
          data: {
            clientName: client.name,
            firmName: this.config.firmName,
            taskCount: tasks.length,
            tasks: taskList,
            pin: pin.pin,
            pinUrl,
          },
        });
        await audit();
        return pinUrl;
      }
      const { token } = await this.links.issue(manager, {
        clientId,
        dispatchId: dispatch.id,
        kind: 'dispatch',
      });
      await this.mail.enqueue(manager, {
        to: client.email,
        template: 'dispatch-link',
        data: {
          clientName: client.name,
          firmName: this.config.firmName,
          taskCount: tasks.length,
          tasks: taskList,
          linkUrl: this.links.url(token),
          ttlDays: this.config.links.ttlDays,
        },
      });
      await audit();
      return this.links.url(token);
    });
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
}
