import type { DocumentsService } from '../documents/documents.service';
import type { TaskDocument } from '../documents/task-document.entity';
import type { StaffService } from '../staff/staff.service';
import type { MessagesService } from '../messages/messages.service';
import type { TaskMessage } from '../messages/task-message.entity';
import type { TaskRequest } from '../tasks/task-request.entity';
import type { Task } from '../tasks/task.entity';
import type { TasksService } from '../tasks/tasks.service';
import type { RequestChangesService } from '../tasks/request-changes.service';
import { TaskDetailsService } from './task-details.service';

const at = (iso: string) => new Date(iso);

const task: Task = {
  id: 'task-1',
  clientId: 'client-1',
  reference: 'T-4K7M2Q',
  title: 'Confirm the class',
  description: null,
  dueDate: null,
  status: 'open',
  createdAt: at('2030-01-01T09:00:00Z'),
  dispatchedAt: null,
  completedAt: null,
  cancelledAt: null,
  closedByStaffId: null,
};

const request: TaskRequest = {
  id: 'req-0',
  taskId: 'task-1',
  position: 0,
  kind: 'document',
  prompt: 'Upload the form',
  status: 'open',
  completedAt: null,
};

const document = (id: string, createdAt: string): TaskDocument => ({
  id,
  taskId: 'task-1',
  requestId: 'req-0',
  storageKey: `key-${id}`,
  filename: `${id}.pdf`,
  contentType: 'application/pdf',
  size: 10,
  sha256: 'a'.repeat(64),
  uploadedByType: 'client',
  uploadedById: 'client-1',
  deviceId: 'dev-1',
  createdAt: at(createdAt),
});

const message: TaskMessage = {
  id: 'm1',
  taskId: 'task-1',
  authorType: 'staff',
  authorId: 'staff-1',
  authorStaffId: 'staff-1',
  deviceId: null,
  body: 'Thanks',
  createdAt: at('2030-01-04T00:00:00Z'),
};

function service(): { details: TaskDetailsService; asked: string[] } {
  const asked: string[] = [];
  const tasks = {
    visibleTaskWithRequests: (_scope: unknown, taskId: string) => {
      asked.push(`visible ${taskId}`);
      return Promise.resolve({ task, requests: [request], answers: [] });
    },
    staffTaskWithRequests: (clientId: string, taskId: string) => {
      asked.push(`staff ${clientId} ${taskId}`);
      return Promise.resolve({ task, requests: [request], answers: [] });
    },
  } as unknown as TasksService;
  const documents = {
    listForTask: (taskId: string) => {
      asked.push(`documents ${taskId}`);
      return Promise.resolve([
        document('d2', '2030-01-03T00:00:00Z'),
        document('d1', '2030-01-02T00:00:00Z'),
      ]);
    },
  } as unknown as DocumentsService;
  const messages = {
    listForTask: (taskId: string) => {
      asked.push(`messages ${taskId}`);
      return Promise.resolve([message]);
    },
  } as unknown as MessagesService;
  const changes = { history: () => Promise.resolve([]) } as unknown as RequestChangesService;
  const staff = {
    displayNames: (ids: string[]) => Promise.resolve(new Map(ids.map((id) => [id, `Name ${id}`]))),
  } as unknown as StaffService;
  return { details: new TaskDetailsService(tasks, documents, messages, changes, staff), asked };
}

describe('TaskDetailsService', () => {
  it("a client's view checks the scope, then shows requests, documents (oldest first) and messages", async () => {
    const { details, asked } = service();
    const detail = await details.forClient({ dispatchIds: ['d'] }, 'task-1');
    expect(asked).toEqual(['visible task-1', 'documents task-1', 'messages task-1']);
    expect(detail.requests.map((r) => r.id)).toEqual(['req-0']);
    expect(detail.documents?.map((d) => d.id)).toEqual(['d1', 'd2']);
    expect(detail.messages?.map((m) => m.body)).toEqual(['Thanks']);
    expect(detail).not.toHaveProperty('clientId');
    expect(JSON.stringify(detail)).not.toContain('dev-1');
    expect(JSON.stringify(detail)).not.toContain('key-d1');
  });

  it("a staff view is the client's task of that client, with the client id", async () => {
    const { details, asked } = service();
    const view = await details.forStaff('client-1', 'task-1');
    expect(asked[0]).toBe('staff client-1 task-1');
    expect(view).toMatchObject({ id: 'task-1', clientId: 'client-1' });
    expect(view.documents).toHaveLength(2);
  });
});
