import {
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  StreamableFile,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { EntityManager, In, Repository } from 'typeorm';
import type { DocumentView, UploadRules } from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import type { ClientPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { locksRows } from '../database/dialect';
import { timeOf } from '../database/sql-values';
import { Transactor } from '../database/transactor';
import { ActivityService } from '../events/activity.service';
import {
  FILE_STORAGE,
  FileStorage,
  newStorageKey,
  StorageNotFoundError,
} from '../storage/file-storage';
import { newOrderedId } from '../tasks/ordered-id';
import type { Task } from '../tasks/task.entity';
import { notOpen, TasksService } from '../tasks/tasks.service';
import { toDocumentView } from './document-view';
import { EXTENSION_TYPES } from './file-types';
import { contentDisposition } from './filenames';
import { TaskDocument } from './task-document.entity';
import type { ReceivedFile } from './upload-receiver';

interface Uploader {
  type: 'client' | 'staff';
  id: string;
  deviceId: string | null;
}

const documentGone = (): NotFoundException =>
  new NotFoundException({
    error: 'document_not_found',
    message: 'This document is not available here.',
  });

/**
 * Brings the uploaded file's bytes into storage under `key` and says what was stored; rejects
 * (having removed anything stored) when the upload is refused. The controller makes one from the
 * HTTP request (UploadSource.from in documents-http.ts); the service only decides when it runs.
 */
export type FileSource = (key: string) => Promise<ReceivedFile>;

/**
 * A task's documents as the detail lists them, read through ix_task_documents_task: only the
 * columns the view shows (issue 11). Parameter: the task id.
 */
const LIST_FOR_TASK_SQL = `SELECT id, request_id, filename, content_type, size, sha256,
    uploaded_by_type, created_at
  FROM task_documents WHERE task_id = ?`;

interface DocumentViewRow {
  id: string;
  request_id: string | null;
  filename: string;
  content_type: string;
  size: number | string;
  sha256: string;
  uploaded_by_type: TaskDocument['uploadedByType'];
  created_at: Date | string;
}

/**
 * Documents of a task (SPEC rule 17): streamed into FileStorage under a random key with their
 * SHA-256, size and type; a row is written only once the bytes are stored, and the bytes are
 * removed again if the row cannot be written. Downloads go to the client in scope and to staff,
 * as attachments (the controllers add nosniff and the other download headers).
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger('Documents');

  constructor(
    @InjectRepository(TaskDocument) private readonly documents: Repository<TaskDocument>,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tasks: TasksService,
    private readonly transactor: Transactor,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly activity: ActivityService,
  ) {}

  rules(): UploadRules {
    const { maxBytes, allowedTypes } = this.config.uploads;
    return {
      maxBytes,
      allowedTypes,
      allowedExtensions: Object.entries(EXTENSION_TYPES)
        .filter(([, type]) => allowedTypes.includes(type))
        .map(([ext]) => ext),
    };
  }

  /** A client uploads one file to an open document request of a task in scope. */
  async uploadForClient(
    client: ClientPrincipal,
    taskId: string,
    requestId: string,
    source: FileSource,
  ): Promise<DocumentView> {
    const task = await this.tasks.visibleTask(client.scope, taskId);
    await this.openDocumentRequest(task, requestId);
    return this.store(task, requestId, source, {
      type: 'client',
      id: task.clientId,
      deviceId: client.deviceId,
    });
  }

  /** Staff send a document to the client on one of the client's tasks (not cancelled). */
  async uploadForStaff(
    clientId: string,
    taskId: string,
    staffId: string,
    source: FileSource,
  ): Promise<DocumentView> {
    const task = await this.tasks.staffTask(clientId, taskId);
    if (task.status === 'cancelled') throw notOpen(task);
    return this.store(task, null, source, { type: 'staff', id: staffId, deviceId: null });
  }

  /** A task's documents as shown (in no particular order; task-details/ shows them with the task). */
  async viewsForTask(taskId: string): Promise<DocumentView[]> {
    // A fixed statement (the task detail is a hot path, issue 11): no ORM hydration.
    const rows = await this.transactor.read<DocumentViewRow[]>(LIST_FOR_TASK_SQL, [taskId]);
    return rows.map((r) =>
      toDocumentView({
        id: r.id,
        requestId: r.request_id,
        filename: r.filename,
        contentType: r.content_type,
        size: Number(r.size),
        sha256: r.sha256,
        uploadedByType: r.uploaded_by_type,
        createdAt: timeOf(r.created_at),
      }),
    );
  }

  /**
   * Inside a write: how many files a document request holds (a submission needs one). On MySQL a
   * locking read, so a removal running at the same time either lands first (and is not counted)
   * or waits until the submission has committed (and is then refused).
   */
  countForRequest(manager: EntityManager, requestId: string): Promise<number> {
    const qb = manager
      .getRepository(TaskDocument)
      .createQueryBuilder('d')
      .where('d.requestId = :requestId', { requestId });
    if (locksRows(manager)) qb.setLock('pessimistic_read');
    return qb.getCount();
  }

  /**
   * A client removes a file it uploaded to a document request that is not submitted yet (issue
   * 13): the row and its audit in one transaction, the bytes afterwards. 404 outside the scope or
   * for a file already removed (of two parallel removals, one wins); 403 for a file the firm
   * sent; 409 once the request is submitted or the task is no longer open.
   */
  async removeForClient(
    client: ClientPrincipal,
    taskId: string,
    documentId: string,
  ): Promise<void> {
    const task = await this.tasks.visibleTask(client.scope, taskId);
    const document = await this.find(task.id, documentId);
    if (document.uploadedByType !== 'client' || !document.requestId) {
      throw new ForbiddenException({
        error: 'document_not_yours',
        message: 'Only files you uploaded can be removed.',
      });
    }
    const requestId = document.requestId;
    await this.transactor.run(async (manager) => {
      // The row first (on MySQL its lock waits for a submission counting it), then the request's
      // latest committed state: a submitted request keeps its files.
      const removed = await manager.delete(TaskDocument, { id: document.id, taskId: task.id });
      if (removed.affected !== 1) throw documentGone();
      if (!(await this.tasks.isRequestOpenNow(manager, requestId, task.id))) {
        throw new ConflictException({
          error: 'request_submitted',
          message: 'This file was already sent to the firm, so it can no longer be removed.',
        });
      }
      // Reopened by a change request: the files sent before it were received by the firm and
      // stay; only files added since can be removed.
      const changesAt = await this.tasks.latestChangeRequestAt(manager, requestId);
      if (changesAt && document.createdAt.getTime() <= changesAt.getTime()) {
        throw new ConflictException({
          error: 'document_received',
          message:
            'The firm already received this file before asking for changes, so it stays; you can add a new file instead.',
        });
      }
      await this.audit.record(
        {
          type: 'document.removed',
          actorType: client.deviceId ? 'device' : 'client',
          actorId: client.deviceId ?? task.clientId,
          clientId: task.clientId,
          subjectId: document.id,
          detail: { taskId: task.id, requestId },
        },
        manager,
      );
    });
    await this.storage.delete(document.storageKey).catch((error: unknown) => {
      // The row is gone, so nobody can reach the bytes; the purge of orphans is not ours here.
      this.logger.warn({
        message: 'removed file not deleted from storage',
        documentId: document.id,
        error: String(error),
      });
    });
  }

  async downloadForClient(
    client: ClientPrincipal,
    taskId: string,
    documentId: string,
  ): Promise<StreamableFile> {
    const task = await this.tasks.visibleTask(client.scope, taskId);
    const document = await this.find(task.id, documentId);
    await this.audit.record({
      type: 'document.downloaded',
      actorType: client.deviceId ? 'device' : 'client',
      actorId: client.deviceId ?? task.clientId,
      clientId: task.clientId,
      subjectId: document.id,
    });
    return this.send(document);
  }

  async downloadForStaff(
    clientId: string,
    taskId: string,
    documentId: string,
    staffId: string,
  ): Promise<StreamableFile> {
    const task = await this.tasks.staffTask(clientId, taskId);
    const document = await this.find(task.id, documentId);
    await this.audit.record({
      type: 'document.downloaded',
      actorType: 'staff',
      actorId: staffId,
      clientId,
      subjectId: document.id,
    });
    return this.send(document);
  }

  private async openDocumentRequest(task: Task, requestId: string): Promise<void> {
    const request = await this.tasks.requestOf(task.id, requestId);
    if (!request) throw new NotFoundException('This request is not part of the task.');
    if (task.status !== 'open') throw notOpen(task);
    if (request.kind !== 'document') {
      throw new ConflictException({
        error: 'not_a_document_request',
        message: 'Files can only be uploaded to a document request.',
      });
    }
    if (request.status !== 'open') {
      throw new ConflictException({
        error: 'request_done',
        message: 'This request was already completed; no more files can be added to it.',
      });
    }
  }

  private async store(
    task: Task,
    requestId: string | null,
    source: FileSource,
    by: Uploader,
  ): Promise<DocumentView> {
    const key = newStorageKey(randomBytes(32));
    const file = await source(key);
    const now = this.clock.now();
    const document: TaskDocument = {
      id: newOrderedId(now),
      taskId: task.id,
      requestId,
      storageKey: key,
      filename: file.filename,
      contentType: file.contentType,
      size: file.size,
      sha256: file.sha256,
      uploadedByType: by.type,
      uploadedById: by.id,
      deviceId: by.deviceId,
      createdAt: now,
    };
    try {
      await this.transactor.run(async (manager) => {
        if (requestId) {
          // The request may have been completed while the bytes were arriving.
          if (!(await this.tasks.isRequestOpen(manager, requestId))) {
            throw new ConflictException({
              error: 'request_done',
              message: 'This request was completed while the file was uploading; it was not kept.',
            });
          }
        }
        await manager.insert(TaskDocument, document);
        await this.audit.record(
          {
            type: 'document.uploaded',
            actorType: by.type === 'staff' ? 'staff' : by.deviceId ? 'device' : 'client',
            actorId: by.type === 'staff' ? by.id : (by.deviceId ?? by.id),
            clientId: task.clientId,
            subjectId: document.id,
            detail: { size: file.size, contentType: file.contentType, taskId: task.id },
          },
          manager,
        );
        await this.activity.record(manager, {
          type: 'document.uploaded',
          actorType: by.type === 'staff' ? 'staff' : 'client',
          actorId: by.type === 'staff' ? by.id : (by.deviceId ?? by.id),
          clientId: task.clientId,
          taskId: task.id,
          subjectId: document.id,
          detail: { requestId, size: file.size, contentType: file.contentType },
        });
      });
    } catch (error) {
      await this.storage.delete(key).catch(() => undefined);
      throw error;
    }
    return toDocumentView(document);
  }

  private async find(taskId: string, documentId: string): Promise<TaskDocument> {
    const document = await this.documents.findOneBy({ id: documentId, taskId });
    if (!document) throw documentGone();
    return document;
  }

  private async send(document: TaskDocument): Promise<StreamableFile> {
    let stream;
    try {
      stream = await this.storage.get(document.storageKey);
    } catch (error) {
      if (!(error instanceof StorageNotFoundError)) throw error;
      this.logger.error({ message: 'stored file missing', documentId: document.id });
      throw new NotFoundException('This file is no longer available; please ask the firm.');
    }
    return new StreamableFile(stream, {
      type: document.contentType,
      disposition: contentDisposition(document.filename),
      length: document.size,
    });
  }

  /** Reminders (issue 13): when the client last uploaded a document to each of these tasks. */
  async lastClientUploadAt(taskIds: string[]): Promise<Map<string, Date>> {
    const latest = new Map<string, Date>();
    if (taskIds.length === 0) return latest;
    const rows = await this.documents.find({
      select: { taskId: true, createdAt: true },
      where: { taskId: In(taskIds), uploadedByType: 'client' },
    });
    for (const row of rows) {
      const seen = latest.get(row.taskId);
      if (!seen || row.createdAt > seen) latest.set(row.taskId, row.createdAt);
    }
    return latest;
  }
}
