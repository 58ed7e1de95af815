import { toTaskDetail } from './task-detail';
import { requestFixture as request, taskFixture as task } from '../tasks/task.fixtures';

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
      changeNote: null,
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
            authorStaffId: 's1',
            deviceId: null,
            body: 'Thanks',
            createdAt: at('2030-01-05T00:00:00Z'),
          },
          {
            id: 'm1',
            taskId: 'task-1',
            authorType: 'client',
            authorId: 'client-1',
            authorStaffId: null,
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
