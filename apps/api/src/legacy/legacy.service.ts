import { ConflictException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import type { ImportLegacyTasksResponse } from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import { ClientsService } from '../clients/clients.service';
import { Transactor } from '../database/transactor';
import { DispatchesService } from '../dispatches/dispatches.service';
import { PinService } from '../pin/pin.service';
import { TasksService } from '../tasks/tasks.service';
import type { ImportLegacyTasksDto } from './dto/import-legacy-tasks.dto';

/**
 * Imports tasks sent before the portal (SPEC rule 11), each with the PIN its client already has:
 * per task, the task (TasksService), one PIN dispatch dated when it was sent (DispatchesService)
 * and its PIN, hashed (PinService), all in one transaction.
 */
@Injectable()
export class LegacyService {
  constructor(
    private readonly clients: ClientsService,
    private readonly tasks: TasksService,
    private readonly dispatches: DispatchesService,
    private readonly pins: PinService,
    private readonly audit: AuditService,
    private readonly transactor: Transactor,
  ) {}

  async import(
    clientId: string,
    input: ImportLegacyTasksDto,
    staffId: string,
  ): Promise<ImportLegacyTasksResponse> {
    await this.clients.get(clientId);
    const references = input.tasks.map((t) => t.reference);
    const repeated = references.filter((r, i) => references.indexOf(r) !== i);
    if (repeated.length) {
      throw new UnprocessableEntityException({
        error: 'validation_failed',
        message: `Each reference may appear once; ${repeated[0]} is repeated.`,
        fields: { tasks: [`reference ${repeated[0]} is repeated`] },
      });
    }
    const taken = await this.tasks.referencesTaken(references);
    if (taken.length) {
      throw new ConflictException({
        error: 'reference_taken',
        message: `A task with reference ${taken[0]} already exists; nothing was imported.`,
      });
    }
    // The slow PIN hashes are computed before the transaction opens.
    const hashes: string[] = [];
    for (const t of input.tasks) hashes.push(await this.pins.hash(t.pin));

    // Built inside the transaction, so a retried transaction starts the list afresh.
    const imported = await this.transactor.run(async (manager) => {
      const imported: ImportLegacyTasksResponse['imported'] = [];
      for (const [i, item] of input.tasks.entries()) {
        const sentAt = new Date(item.sentAt);
        const { task } = await this.tasks.insert(manager, clientId, {
          reference: item.reference,
          title: item.title,
          description: item.description,
          dueDate: item.dueDate,
          requests: item.requests,
          createdAt: sentAt,
          dispatchedAt: sentAt,
          completedAt: item.completedAt ? new Date(item.completedAt) : null,
        });
        const dispatch = await this.dispatches.record(manager, {
          clientId,
          mode: 'pin',
          staffId,
          createdAt: sentAt,
        });
        await this.tasks.attachToDispatch(manager, dispatch.id, [task.id], sentAt);
        await this.pins.store(manager, {
          dispatchId: dispatch.id,
          clientId,
          taskIds: [task.id],
          pinHash: hashes[i],
        });
        imported.push({ taskId: task.id, reference: task.reference, dispatchId: dispatch.id });
      }
      await this.audit.record(
        {
          type: 'legacy.imported',
          actorType: 'staff',
          actorId: staffId,
          clientId,
          detail: { tasks: imported.length },
        },
        manager,
      );
      return imported;
    });
    return { imported };
  }
}
