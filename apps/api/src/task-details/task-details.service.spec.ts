import type { MessageView } from '@app/contracts';
import { documentViewFixture as document } from '../documents/document.fixtures';
import type { DocumentsService } from '../documents/documents.service';
import type { StaffService } from '../staff/staff.service';
import type { MessagesService } from '../messages/messages.service';
import { requestFixture, taskFixture } from '../tasks/task.fixtures';
import { toTaskCore } from '../tasks/task-views';
import type { TasksService } from '../tasks/tasks.service';
import type { RequestChangesService } from '../tasks/request-changes.service';
import { TaskDetailsService } from './task-details.service';

const core = toTaskCore(taskFixture({ description: null, dueDate: null, dispatchedAt: null }), [
  { ...requestFixture(0, 'open'), kind: 'document', prompt: 'Upload the form' },
]);

const message: MessageView = {
  id: 'm1',
  author: 'staff',
  authorName: 'Sam',
  body: 'Thanks',
  createdAt: '2030-01-04T00:00:00.000Z',
};

function service(): { details: TaskDetailsService; asked: string[] } {
  const asked: string[] = [];
  const tasks = {
    visibleTaskCore: (_scope: unknown, taskId: string) => {
      asked.push(`visible ${taskId}`);
      return Promise.resolve(core);
    },
    staffTaskCore: (clientId: string, taskId: string) => {
      asked.push(`staff ${clientId} ${taskId}`);
      return Promise.resolve({ core, ownerStaffId: 'staff-9' });
    },
  } as unknown as TasksService;
  const documents = {
    viewsForTask: (taskId: string) => {
      asked.push(`documents ${taskId}`);
      return Promise.resolve([
        document('d2', '2030-01-03T00:00:00.000Z'),
        document('d1', '2030-01-02T00:00:00.000Z'),
      ]);
    },
  } as unknown as DocumentsService;
  const messages = {
    viewsForTask: (taskId: string) => {
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
    expect(detail).not.toHaveProperty('ownerStaffId');
  });

  it("a staff view is the client's task of that client, with the client id", async () => {
    const { details, asked } = service();
    const view = await details.forStaff('client-1', 'task-1');
    expect(asked[0]).toBe('staff client-1 task-1');
    expect(view).toMatchObject({
      id: 'task-1',
      clientId: 'client-1',
      ownerStaffId: 'staff-9',
      ownerName: 'Name staff-9',
    });
    expect(view.documents).toHaveLength(2);
  });
});
