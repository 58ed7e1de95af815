import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import type {
  CreateRequestItem,
  RemoveTaskTemplateResponse,
  RequestKind,
  TaskTemplateView,
} from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { newId } from '../database/columns';
import { isUniqueViolation } from '../database/database-errors';
import type { CreateTaskTemplateDto, UpdateTaskTemplateDto } from './dto/task-template.dto';
import { TaskTemplate } from './task-template.entity';

const KINDS: RequestKind[] = ['question', 'document', 'confirmation'];

/** The stored JSON back as request items (anything malformed is left out). */
export function parseTemplateRequests(json: string): CreateRequestItem[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    const r = item as { kind?: unknown; prompt?: unknown };
    return KINDS.includes(r?.kind as RequestKind) && typeof r.prompt === 'string'
      ? [{ kind: r.kind as RequestKind, prompt: r.prompt }]
      : [];
  });
}

export function toTemplateView(t: TaskTemplate): TaskTemplateView {
  return {
    id: t.id,
    name: t.name,
    title: t.title,
    description: t.description,
    requests: parseTemplateRequests(t.requests),
    dueInDays: t.dueInDays,
    // MySQL reads tinyint back as 0/1 after an insert fills the defaults.
    statutory: Boolean(t.statutory),
    uses: Number(t.uses),
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    archivedAt: t.archivedAt?.toISOString() ?? null,
  };
}

const nameTaken = (): ConflictException =>
  new ConflictException({
    error: 'template_name_taken',
    message: 'A template with this name already exists; choose another name.',
  });

export const templateNotFound = (): NotFoundException =>
  new NotFoundException({ error: 'template_not_found', message: 'No task template with this id.' });

/**
 * The task template library (issue 12): staff and admins keep it (a firm's paralegals maintain
 * the library). A template that was used is archived, never deleted, so what a task was composed
 * from stays known; an archived template cannot be used or edited.
 */
@Injectable()
export class TemplatesService {
  constructor(
    @InjectRepository(TaskTemplate) private readonly templates: Repository<TaskTemplate>,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(includeArchived: boolean): Promise<TaskTemplate[]> {
    return this.templates.find({
      where: includeArchived ? {} : { archivedAt: IsNull() },
      order: { name: 'ASC', id: 'ASC' },
      take: 500,
    });
  }

  async get(id: string): Promise<TaskTemplate> {
    const template = await this.templates.findOneBy({ id });
    if (!template) throw templateNotFound();
    return template;
  }

  /** A template that may be composed from: 404 if missing, 409 if archived. */
  async usable(id: string): Promise<TaskTemplate> {
    const template = await this.get(id);
    if (template.archivedAt) throw archived();
    return template;
  }

  async create(input: CreateTaskTemplateDto, staffId: string | null): Promise<TaskTemplate> {
    const now = this.clock.now();
    const template: TaskTemplate = {
      id: newId(),
      name: input.name,
      title: input.title,
      description: input.description || null,
      requests: JSON.stringify(input.requests.map((r) => ({ kind: r.kind, prompt: r.prompt }))),
      dueInDays: input.dueInDays ?? null,
      statutory: input.statutory ?? false,
      uses: 0,
      createdByStaffId: staffId,
      createdAt: now,
      updatedAt: now,
      archivedAt: null,
    };
    if (await this.templates.exists({ where: { name: template.name } })) throw nameTaken();
    try {
      await this.templates.insert(template);
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken();
      throw error;
    }
    if (staffId) {
      await this.audit.record({
        type: 'template.created',
        actorType: 'staff',
        actorId: staffId,
        subjectId: template.id,
        detail: { name: template.name },
      });
    }
    return template;
  }

  async update(id: string, input: UpdateTaskTemplateDto, staffId: string): Promise<TaskTemplate> {
    const template = await this.get(id);
    if (template.archivedAt) throw archived();
    const changes: Partial<TaskTemplate> = {};
    if (input.name !== undefined && input.name !== null) changes.name = input.name;
    if (input.title !== undefined && input.title !== null) changes.title = input.title;
    if (input.description !== undefined) changes.description = input.description || null;
    if (input.requests !== undefined && input.requests !== null) {
      changes.requests = JSON.stringify(
        input.requests.map((r) => ({ kind: r.kind, prompt: r.prompt })),
      );
    }
    if (input.dueInDays !== undefined) changes.dueInDays = input.dueInDays ?? null;
    if (input.statutory !== undefined && input.statutory !== null) {
      changes.statutory = input.statutory;
    }
    if (Object.keys(changes).length === 0) return template;
    changes.updatedAt = this.clock.now();
    if (changes.name && changes.name !== template.name) {
      const holder = await this.templates.findOneBy({ name: changes.name });
      if (holder && holder.id !== id) throw nameTaken();
    }
    try {
      await this.templates.update({ id }, changes);
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken();
      throw error;
    }
    await this.audit.record({
      type: 'template.updated',
      actorType: 'staff',
      actorId: staffId,
      subjectId: id,
    });
    return this.get(id);
  }

  /** Deletes a template never used; archives one that was (an archived one stays archived). */
  async remove(id: string, staffId: string): Promise<RemoveTaskTemplateResponse> {
    const template = await this.get(id);
    let outcome: RemoveTaskTemplateResponse['outcome'] = 'archived';
    if (template.uses === 0) {
      const deleted = await this.templates.delete({ id, uses: 0 });
      if (deleted.affected === 1) outcome = 'deleted';
    }
    if (outcome === 'archived' && !template.archivedAt) {
      await this.templates.update({ id, archivedAt: IsNull() }, { archivedAt: this.clock.now() });
    }
    await this.audit.record({
      type: outcome === 'deleted' ? 'template.deleted' : 'template.archived',
      actorType: 'staff',
      actorId: staffId,
      subjectId: id,
      detail: { name: template.name },
    });
    return { outcome };
  }

  /** Inside the composing transaction: counts one more task composed from the template. */
  async markUsed(manager: EntityManager, id: string): Promise<void> {
    await manager.increment(TaskTemplate, { id }, 'uses', 1);
  }

  /** The demo seed: inserts the template unless one with its name exists. */
  async seed(input: CreateTaskTemplateDto): Promise<void> {
    if (await this.templates.exists({ where: { name: input.name } })) return;
    await this.create(input, null);
  }
}

function archived(): ConflictException {
  return new ConflictException({
    error: 'template_archived',
    message: 'This template is archived; it can no longer be used or changed.',
  });
}
