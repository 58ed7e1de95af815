import type { MessageView } from '@app/contracts';
import { documentViewFixture as document } from '../documents/document.fixtures';
import { toTaskCore } from '../tasks/task-views';
import { requestFixture as request, taskFixture as task } from '../tasks/task.fixtures';
import { toTaskDetail } from './task-detail';

const core = () => toTaskCore(task(), [request(1, 'open'), request(0, 'done')]);

const message = (id: string, createdAt: string, body: string): MessageView => ({
  id,
  author: 'client',
  authorName: null,
  body,
  createdAt,
});

describe('toTaskDetail', () => {
  it('is the core with its documents and messages oldest first, ties by id', () => {
    const detail = toTaskDetail(
      core(),
      [
        document('d3', '2030-01-03T00:00:00.000Z'),
        document('d2', '2030-01-02T00:00:00.001Z'),
        document('d1', '2030-01-02T00:00:00.001Z'),
      ],
      [
        message('m2', '2030-01-05T00:00:00.000Z', 'Thanks'),
        message('m1', '2030-01-04T23:59:59.999Z', 'Hi'),
      ],
    );
    expect(detail).toMatchObject({ ...core() });
    expect(detail.requests.map((r) => r.position)).toEqual([0, 1]);
    expect(detail.documents?.map((d) => d.id)).toEqual(['d1', 'd2', 'd3']);
    expect(detail.messages?.map((m) => m.body)).toEqual(['Hi', 'Thanks']);
  });

  it("does not reorder the caller's arrays, and has empty lists for no history", () => {
    const documents = [
      document('d2', '2030-01-03T00:00:00.000Z'),
      document('d1', '2030-01-02T00:00:00.000Z'),
    ];
    toTaskDetail(core(), documents);
    expect(documents.map((d) => d.id)).toEqual(['d2', 'd1']);
    expect(toTaskDetail(core())).toMatchObject({ documents: [], messages: [] });
  });
});
