import {
  HttpException,
  Inject,
  Injectable,
  Logger,
  UnprocessableEntityException,
} from '@nestjs/common';
import type {
  BulkDispatchResponse,
  BulkRowResult,
  ComposeTaskResponse,
  CreateRequestItem,
} from '@app/contracts';
import { BULK_MAX_ROWS } from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import type { Client } from '../clients/client.entity';
import { ClientsService } from '../clients/clients.service';
import { Clock } from '../common/clock';
import { addDays, localDate } from '../common/firm-time';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Transactor } from '../database/transactor';
import { StaffService } from '../staff/staff.service';
import { reminderSettingsJson } from '../tasks/dto/reminder-settings.dto';
import { TasksService } from '../tasks/tasks.service';
import { toTaskCore } from '../tasks/task-views';
import type { TaskTemplate } from '../templates/task-template.entity';
import { parseTemplateRequests, TemplatesService } from '../templates/templates.service';
import { parseBulkCsv } from './bulk-csv';
import { DispatchesService } from './dispatches.service';
import type { BulkDispatchDto, ComposeTaskDto } from './dto/compose.dto';

function invalid(field: string, message: string): UnprocessableEntityException {
  return new UnprocessableEntityException({
    error: 'validation_failed',
    message,
    fields: { [field]: [message] },
  });
}

/** What one composed task is made of, after the template and the overrides are merged. */
interface TaskDraft {
  title: string;
  description: string | null;
  requests: CreateRequestItem[];
  dueDate: string | null;
  statutory: boolean;
  reminderSettings: string | null;
  templateId: string | null;
}

/**
 * Compose and send in one step, and bulk dispatch (issue 12): the task (from a template with
 * overrides, or from scratch) is inserted and sent — dispatch, link or PIN, mail, audit — in ONE
 * transaction, so a failure stores nothing. Bulk runs one such transaction per client, so one
 * bad row never undoes the others.
 */
@Injectable()
export class ComposeService {
  private readonly logger = new Logger('Compose');

  constructor(
    private readonly dispatches: DispatchesService,
    private readonly tasks: TasksService,
    private readonly templates: TemplatesService,
    private readonly clients: ClientsService,
    private readonly staff: StaffService,
    private readonly audit: AuditService,
    private readonly transactor: Transactor,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async compose(
    clientId: string,
    input: ComposeTaskDto,
    staffId: string,
  ): Promise<ComposeTaskResponse> {
    const client = await this.clients.get(clientId);
    const template = input.templateId ? await this.templates.usable(input.templateId) : null;
    const ownerStaffId = await this.owner(input.ownerStaffId, staffId);
    const draft = this.draft(template, input);
    return this.composeFor(client, draft, ownerStaffId, staffId);
  }

  async bulk(input: BulkDispatchDto, staffId: string): Promise<BulkDispatchResponse> {
    const hasIds = input.clientIds !== undefined && input.clientIds !== null;
    const hasCsv = typeof input.csv === 'string';
    if (hasIds === hasCsv) {
      throw invalid('clientIds', 'Give either clientIds or csv, not both and not neither.');
    }
    const template = await this.templates.usable(input.templateId);
    const ownerStaffId = await this.owner(input.ownerStaffId, staffId);
    const draft = this.draft(template, { dueDate: input.dueDate });

    type Row = { row: number; clientId?: string; email?: string; name?: string | null };
    const rows: (Row | BulkRowResult)[] = [];
    if (hasIds) {
      input.clientIds!.forEach((clientId, i) => rows.push({ row: i + 1, clientId }));
    } else {
      for (const r of parseBulkCsv(input.csv!)) {
        rows.push(
          'error' in r
            ? {
                row: r.line,
                clientId: null,
                email: r.email,
                status: 'failed',
                reason: { error: r.error, message: r.message },
              }
            : { row: r.line, email: r.email, name: r.name },
        );
      }
      if (rows.length === 0) throw invalid('csv', 'The CSV holds no rows.');
    }
    if (rows.length > BULK_MAX_ROWS) {
      throw invalid('csv', `At most ${BULK_MAX_ROWS} clients per request; split the list.`);
    }

    const seen = new Set<string>();
    const results: BulkRowResult[] = [];
    for (const row of rows) {
      if ('status' in row) {
        results.push(row);
        continue;
      }
      results.push(await this.bulkRow(row, draft, ownerStaffId, staffId, seen));
    }
    const count = (s: BulkRowResult['status']) => results.filter((r) => r.status === s).length;
    const response: BulkDispatchResponse = {
      templateId: template.id,
      total: results.length,
      sent: count('sent'),
      skipped: count('skipped'),
      failed: count('failed'),
      results,
    };
    await this.audit.record({
      type: 'bulk.dispatched',
      actorType: 'staff',
      actorId: staffId,
      subjectId: template.id,
      detail: {
        total: response.total,
        sent: response.sent,
        skipped: response.skipped,
        failed: response.failed,
      },
    });
    return response;
  }

  private async bulkRow(
    row: { row: number; clientId?: string; email?: string; name?: string | null },
    draft: TaskDraft,
    ownerStaffId: string,
    staffId: string,
    seen: Set<string>,
  ): Promise<BulkRowResult> {
    const result: BulkRowResult = {
      row: row.row,
      clientId: row.clientId ?? null,
      email: row.email ?? null,
      status: 'failed',
    };
    try {
      let client: Client | null;
      if (row.clientId) {
        client = (await this.clients.findByIds([row.clientId]))[0] ?? null;
        if (!client) {
          result.reason = { error: 'client_not_found', message: 'No client with this id.' };
          return result;
        }
      } else {
        client = await this.clients.findByEmail(row.email!);
        if (!client) {
          if (!row.name) {
            result.reason = {
              error: 'name_missing',
              message: 'No client has this e-mail address; give a name to create one.',
            };
            return result;
          }
          try {
            client = await this.clients.create({ email: row.email!, name: row.name });
            result.createdClient = true;
          } catch (error) {
            // Created meanwhile by someone else: use that client.
            client = await this.clients.findByEmail(row.email!);
            if (!client) throw error;
          }
        }
      }
      result.clientId = client.id;
      result.email = client.email;
      if (seen.has(client.id)) {
        result.status = 'skipped';
        result.reason = {
          error: 'duplicate_row',
          message: 'This client is already in this request; it gets one task.',
        };
        return result;
      }
      seen.add(client.id);
      if (await this.tasks.hasOpenTaskTitled(client.id, draft.title)) {
        result.status = 'skipped';
        result.reason = {
          error: 'already_open',
          message: 'This client already has an open task with this title.',
        };
        return result;
      }
      const sent = await this.composeFor(client, draft, ownerStaffId, staffId);
      result.status = 'sent';
      result.taskId = sent.task.id;
      result.dispatchId = sent.dispatch.id;
      return result;
    } catch (error) {
      if (error instanceof HttpException) {
        const body = error.getResponse();
        const b = (typeof body === 'object' ? body : {}) as { error?: string; message?: unknown };
        result.reason = {
          error: b.error ?? 'not_sent',
          message: typeof b.message === 'string' ? b.message : error.message,
        };
      } else {
        this.logger.warn(`bulk row ${row.row} failed: ${(error as Error).name}`);
        result.reason = {
          error: 'not_sent',
          message: 'This client could not be sent the task just now; nothing was stored for it.',
        };
      }
      return result;
    }
  }

  /** The template merged with the overrides; 422 when there is no title or no request. */
  private draft(template: TaskTemplate | null, input: Partial<ComposeTaskDto>): TaskDraft {
    const title = input.title ?? template?.title;
    if (!title) throw invalid('title', 'Give a title, or compose from a template.');
    const requests = input.requests ?? (template ? parseTemplateRequests(template.requests) : []);
    if (requests.length === 0) {
      throw invalid('requests', 'Give at least one request, or compose from a template.');
    }
    let dueDate: string | null;
    if (input.dueDate !== undefined) {
      dueDate = input.dueDate;
    } else if (template?.dueInDays) {
      dueDate = addDays(localDate(this.clock.now(), this.config.firm.timeZone), template.dueInDays);
    } else {
      dueDate = null;
    }
    return {
      title,
      description:
        input.description !== undefined
          ? input.description || null
          : (template?.description ?? null),
      requests: requests.map((r) => ({ kind: r.kind, prompt: r.prompt })),
      dueDate,
      statutory: input.statutory ?? template?.statutory ?? false,
      reminderSettings: reminderSettingsJson(input.reminders),
      templateId: template?.id ?? null,
    };
  }

  /** The owner: the given active staff user (422 otherwise), or the caller. */
  private async owner(ownerStaffId: string | undefined, staffId: string): Promise<string> {
    if (!ownerStaffId || ownerStaffId === staffId) return staffId;
    if (!(await this.staff.findActive(ownerStaffId))) {
      throw invalid('ownerStaffId', 'The owner must be an active staff user.');
    }
    return ownerStaffId;
  }

  /** Inserts the task and sends it in one transaction. */
  private async composeFor(
    client: Client,
    draft: TaskDraft,
    ownerStaffId: string,
    staffId: string,
  ): Promise<ComposeTaskResponse> {
    const now = this.clock.now();
    const mode = this.dispatches.modeFor(client, now);
    const pin = await this.dispatches.preparePin(mode);
    const { task, requests, dispatch } = await this.transactor.run(async (manager) => {
      const { task, requests } = await this.tasks.insert(manager, client.id, {
        title: draft.title,
        description: draft.description,
        dueDate: draft.dueDate,
        statutory: draft.statutory,
        reminderSettings: draft.reminderSettings,
        requests: draft.requests,
        createdAt: now,
        ownerStaffId,
      });
      if (draft.templateId) await this.templates.markUsed(manager, draft.templateId);
      const { dispatch } = await this.dispatches.sendWithin(manager, {
        client,
        tasks: [task],
        mode,
        pin,
        staffId,
        now,
      });
      await this.audit.record(
        {
          type: 'task.composed',
          actorType: 'staff',
          actorId: staffId,
          clientId: client.id,
          subjectId: task.id,
          detail: { templateId: draft.templateId, ownerStaffId, dispatchId: dispatch.id },
        },
        manager,
      );
      return { task, requests, dispatch };
    });
    task.dispatchedAt = now;
    return {
      task: {
        ...toTaskCore(task, requests),
        documents: [],
        messages: [],
        clientId: client.id,
        ownerStaffId,
      },
      dispatch: {
        id: dispatch.id,
        clientId: client.id,
        mode: dispatch.mode,
        taskIds: [task.id],
        createdAt: now.toISOString(),
      },
      sent: { to: client.email, mode, mail: mode === 'pin' ? 'dispatch-pin' : 'dispatch-link' },
    };
  }
}
