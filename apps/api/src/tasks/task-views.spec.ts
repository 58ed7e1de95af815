import type { TaskRequest } from './task-request.entity';
import type { Task } from './task.entity';
import { toTaskDetail, toTaskSummary } from './task-views';

const task = (overrides: Partial<Task> = {}): Task => ({
  id: 'task-1',
  clientId: 'client-1',
  reference: 'T-4K7M2Q',
  title: 'Confirm the class',
  description: 'Details',
  dueDate: '2030-01-31',
  status: 'open',
  createdAt: new Date('2030-01-01T09:00:00Z'),
  dispatchedAt: new Date('2030-01-02T10:00:00Z'),
  completedAt: null,
  cancelledAt: null,
  closedByStaffId: null,
  ...overrides,
});

const request = (position: number, status: TaskRequest['status']): TaskRequest => ({
  id: `req-${position}`,
  taskId: 'task-1',
  position,
  kind: 'question',
  prompt: `Question ${position}`,
  status,
  completedAt: null,
});

describe('toTaskSummary', () => {
  it('counts only the requests still open', () => {
    const summary = toTaskSummary(task(), [
      request(0, 'open'),
      request(1, 'done'),
      request(2, 'open'),
    ]);
    expect(summary.openRequests).toBe(2);
    expect(summary.totalRequests).toBe(3);
  });

  it('counts zero open requests when all are done', () => {
    const summary = toTaskSummary(task({ status: 'completed' }), [request(0, 'done')]);
    expect(summary).toMatchObject({ openRequests: 0, totalRequests: 1, status: 'completed' });
  });

  it('handles a task without requests', () => {
    expect(toTaskSummary(task(), [])).toMatchObject({ openRequests: 0, totalRequests: 0 });
  });

  it('gives dates as ISO strings and null when unset', () => {
    const summary = toTaskSummary(task({ dispatchedAt: null }), []);
    expect(summary).toEqual({
      id: 'task-1',
      reference: 'T-4K7M2Q',
      title: 'Confirm the class',
      status: 'open',
      dueDate: '2030-01-31',
      openRequests: 0,
      totalRequests: 0,
      dispatchedAt: null,
      completedAt: null,
    });
    expect(toTaskSummary(task(), []).dispatchedAt).toBe('2030-01-02T10:00:00.000Z');
  });

  it('does not leak the client id or other internals', () => {
    expect(toTaskSummary(task(), [])).not.toHaveProperty('clientId');
  });
});

describe('toTaskDetail', () => {
  it('lists requests in their position order, with the summary counts', () => {
    const detail = toTaskDetail(task(), [
      request(2, 'open'),
      request(0, 'done'),
      request(1, 'open'),
    ]);
    expect(detail.requests.map((r) => r.position)).toEqual([0, 1, 2]);
    expect(detail).toMatchObject({ openRequests: 2, totalRequests: 3, description: 'Details' });
    expect(detail.requests[0]).toEqual({
      id: 'req-0',
      kind: 'question',
      prompt: 'Question 0',
      status: 'done',
      position: 0,
      completedAt: null,
      answer: null,
    });
    expect(detail).toMatchObject({ documents: [], messages: [] });
  });

  it("does not reorder the caller's array", () => {
    const requests = [request(1, 'open'), request(0, 'open')];
    toTaskDetail(task(), requests);
    expect(requests.map((r) => r.position)).toEqual([1, 0]);
  });
});

describe('toTaskDetail history', () => {
  const at = (iso: string) => new Date(iso);
  it('attaches each answer to its request, and lists documents and messages oldest first', () => {
    const detail = toTaskDetail(
      task(),
      [request(0, 'done'), { ...request(1, 'open'), kind: 'document' }],
      {
        answers: [
          {
            id: 'a1',
            requestId: 'req-0',
            taskId: 'task-1',
            status: 'submitted',
            text: 'Blue',
            decision: null,
            authorType: 'client',
            authorId: 'client-1',
            deviceId: 'dev-1',
            createdAt: at('2030-01-03T00:00:00Z'),
            updatedAt: at('2030-01-03T00:00:00Z'),
            submittedAt: at('2030-01-03T00:00:00Z'),
          },
        ],
        messages: [
          {
            id: 'm2',
            taskId: 'task-1',
            authorType: 'staff',
            authorId: 's1',
            deviceId: null,
            body: 'Thanks',
            createdAt: at('2030-01-05T00:00:00Z'),
          },
          {
            id: 'm1',
            taskId: 'task-1',
            authorType: 'client',
            authorId: 'client-1',
            deviceId: 'dev-1',
            body: 'Hi',
            createdAt: at('2030-01-04T00:00:00Z'),
          },
        ],
      },
    );
    expect(detail.requests[0].answer).toEqual({
      status: 'submitted',
      text: 'Blue',
      decision: null,
      by: 'client',
      updatedAt: '2030-01-03T00:00:00.000Z',
      submittedAt: '2030-01-03T00:00:00.000Z',
    });
    expect(detail.requests[1].answer).toBeNull();
    expect(detail.messages?.map((m) => m.body)).toEqual(['Hi', 'Thanks']);
    expect(JSON.stringify(detail)).not.toContain('dev-1');
  });
});
