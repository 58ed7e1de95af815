import type { RequestAnswer } from './request-answer.entity';
import { awaitingFirm, isDeclinedAnswer, toTaskCore, toTaskSummary } from './task-views';
import { requestFixture as request, taskFixture as task } from './task.fixtures';

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
      awaitingFirm: false,
    });
    expect(toTaskSummary(task(), []).dispatchedAt).toBe('2030-01-02T10:00:00.000Z');
  });

  it('is awaiting the firm only while open with a declined confirmation (issue 12)', () => {
    expect(toTaskSummary(task(), [], true).awaitingFirm).toBe(true);
    expect(toTaskSummary(task({ status: 'completed' }), [], true).awaitingFirm).toBe(false);
  });

  it('does not leak the client id or other internals', () => {
    expect(toTaskSummary(task(), [])).not.toHaveProperty('clientId');
  });
});

describe('the declined-confirmation rule', () => {
  it('is a submitted answer with the decision "declined", nothing else', () => {
    expect(isDeclinedAnswer({ status: 'submitted', decision: 'declined' })).toBe(true);
    expect(isDeclinedAnswer({ status: 'draft', decision: 'declined' })).toBe(false);
    expect(isDeclinedAnswer({ status: 'submitted', decision: 'approved' })).toBe(false);
    expect(isDeclinedAnswer({ status: 'submitted', decision: null })).toBe(false);
    expect(isDeclinedAnswer(null)).toBe(false);
  });

  it('keeps an open task with the firm while it has one, and only an open task', () => {
    expect(awaitingFirm('open', 1)).toBe(true);
    expect(awaitingFirm('open', 0)).toBe(false);
    expect(awaitingFirm('completed', 1)).toBe(false);
    expect(awaitingFirm('cancelled', 2)).toBe(false);
    expect(toTaskSummary(task(), [request(0, 'done')], true).awaitingFirm).toBe(true);
    expect(toTaskSummary(task(), [request(0, 'done')], false).awaitingFirm).toBe(false);
  });
});

describe('toTaskCore', () => {
  const on3 = new Date('2030-01-03T00:00:00Z');
  /** The client's answer from device dev-1, written on the 3rd. */
  const answer = (
    parts: Pick<RequestAnswer, 'id' | 'requestId' | 'status' | 'text' | 'submittedAt'>,
  ): RequestAnswer => ({
    taskId: 'task-1',
    decision: null,
    authorType: 'client',
    authorId: 'client-1',
    deviceId: 'dev-1',
    createdAt: on3,
    updatedAt: on3,
    ...parts,
  });

  it('lists requests in their position order, with the summary counts', () => {
    const core = toTaskCore(task(), [request(2, 'open'), request(0, 'done'), request(1, 'open')]);
    expect(core.requests.map((r) => r.position)).toEqual([0, 1, 2]);
    expect(core).toMatchObject({ openRequests: 2, totalRequests: 3, description: 'Details' });
    expect(core.requests[0]).toEqual({
      id: 'req-0',
      kind: 'question',
      prompt: 'Question 0',
      status: 'done',
      position: 0,
      completedAt: null,
      answer: null,
      changeNote: null,
    });
  });

  it("does not reorder the caller's array", () => {
    const requests = [request(1, 'open'), request(0, 'open')];
    toTaskCore(task(), requests);
    expect(requests.map((r) => r.position)).toEqual([1, 0]);
  });

  it('attaches each answer to its request (never to a document request), without internals', () => {
    const core = toTaskCore(
      task(),
      [request(0, 'done'), { ...request(1, 'open'), kind: 'document' }],
      [
        answer({
          id: 'a1',
          requestId: 'req-0',
          status: 'submitted',
          text: 'Blue',
          submittedAt: on3,
        }),
        answer({
          id: 'a2',
          requestId: 'req-1',
          status: 'draft',
          text: 'not shown',
          submittedAt: null,
        }),
      ],
    );
    expect(core.requests[0].answer).toEqual({
      status: 'submitted',
      text: 'Blue',
      decision: null,
      by: 'client',
      updatedAt: '2030-01-03T00:00:00.000Z',
      submittedAt: '2030-01-03T00:00:00.000Z',
    });
    expect(core.requests[1].answer).toBeNull();
    expect(JSON.stringify(core)).not.toContain('dev-1');
  });
});
