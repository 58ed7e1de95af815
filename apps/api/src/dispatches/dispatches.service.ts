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
import { Task } from '../tasks/task.entity';
import { DispatchTask } from './dispatch-task.entity';
import { Dispatch } from './dispatch.entity';

export function isPortalEnabled(client: Client, at: Date): boolean {
  return client.portalEnabledFrom !== null && client.portalEnabledFrom <= at;
}

/**
 * Sends tasks to a client. The dispatch, its unique link and its outbox mail are written in one
 * transaction: either the client will get the e-mail, or nothing was dispatched.
 */
@Injectable()
export class DispatchesService {
  constructor(
    @InjectRepository(Task) private readonly tasks: Repository<Task>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clients: ClientsService,
    private readonly links: LinksService,
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

  /** As dispatch(), also returning the link itself: only for the development demo banner. */
  async send(
    clientId: string,
    taskIds: string[],
    staffId: string | null,
  ): Promise<{ view: DispatchView; linkUrl: string }> {
    const client = await this.clients.get(clientId);
    const now = this.clock.now();
    if (!isPortalEnabled(client, now)) {
      throw new ConflictException(
        'This client is not portal-enabled yet, so these tasks would go out with a PIN; PIN dispatch is not available yet.',
      );
    }
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
      mode: 'link',
      createdByStaffId: staffId,
      createdAt: now,
    };
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
          tasks: tasks.map((t) => ({ title: t.title, reference: t.reference })),
          linkUrl: this.links.url(token),
          ttlDays: this.config.links.ttlDays,
        },
      });
      await this.audit.record(
        {
          type: 'dispatch.created',
          actorType: staffId ? 'staff' : 'system',
          actorId: staffId,
          clientId,
          subjectId: dispatch.id,
          detail: { tasks: tasks.length, mode: 'link' },
        },
        manager,
      );
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
