// Issue 11: the dashboard reads the request counters kept on the task row (open, total and
// declined confirmations) instead of counting task_requests and request_answers per listed task.
// Every write that changes them keeps them equal to the rows they count, also when two answers
// to one task are submitted at the same moment, and the lists say what the task detail says.
import type { TaskDetail, TaskListResponse, TaskSearchResponse, TaskSummary } from '@app/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { clientWithTask, requestOf } from '../factories/client-api';
import { StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';

describe('request counters on the task row', () => {
  let t: TestApp;
  let staff: StaffApi;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    staff = await StaffApi.signIn(t.http);
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  /** The counters on the row, and the same counted from the rows they stand for. */
  async function counters(taskId: string) {
    const [row] = await db.query<Record<string, number | string>[]>(
      `SELECT open_requests, total_requests, declined_answers,
        (SELECT COUNT(*) FROM task_requests r WHERE r.task_id = t.id AND r.status = 'open') AS open_rows,
        (SELECT COUNT(*) FROM task_requests r WHERE r.task_id = t.id) AS total_rows,
        (SELECT COUNT(*) FROM request_answers a WHERE a.task_id = t.id
          AND a.status = 'submitted' AND a.decision = 'declined') AS declined_rows
       FROM tasks t WHERE t.id = ?`,
      [taskId],
    );
    const kept = [row.open_requests, row.total_requests, row.declined_answers].map(Number);
    const counted = [row.open_rows, row.total_rows, row.declined_rows].map(Number);
    return { kept, counted };
  }

  async function expectCounters(taskId: string, open: number, total: number, declined: number) {
    const { kept, counted } = await counters(taskId);
    expect(counted).toEqual([open, total, declined]);
    expect(kept).toEqual(counted);
  }

  it('follow adding requests, answers (two at once), a decline, changes requested and the dashboard agrees', async () => {
    const { client, task, device } = await clientWithTask(staff, ['question', 'confirmation']);
    await expectCounters(task.id, 2, 2, 0);

    const base = `/api/admin/clients/${client.id}/tasks/${task.id}`;
    const edited = (
      await request(t.http)
        .patch(base)
        .set('Authorization', `Bearer ${staff.token}`)
        .send({ addRequests: [{ kind: 'question', prompt: 'And the colours?' }] })
        .expect(200)
    ).body as TaskDetail;
    await expectCounters(task.id, 3, 3, 0);

    // Two answers to the same task at the same moment: both counted, none lost.
    const q = requestOf(task, 'question');
    const c = requestOf(task, 'confirmation');
    await Promise.all([
      device.post(`/api/me/tasks/${task.id}/requests/${q}/submit`).send({ text: 'Shoes' }),
      device
        .post(`/api/me/tasks/${task.id}/requests/${c}/submit`)
        .send({ decision: 'declined', reason: 'The address is wrong.' }),
    ]).then((answers) => answers.forEach((a) => expect(a.status).toBe(200)));
    await expectCounters(task.id, 1, 3, 1);

    const list = (await device.get('/api/me/tasks').expect(200)).body as TaskListResponse;
    const detail = (await device.get(`/api/me/tasks/${task.id}`).expect(200)).body as TaskDetail;
    const listed = list.open.find((x) => x.id === task.id);
    expect(listed).toMatchObject({ openRequests: 1, totalRequests: 3, awaitingFirm: true });
    expect(listed).toMatchObject({
      openRequests: detail.openRequests,
      totalRequests: detail.totalRequests,
      awaitingFirm: detail.awaitingFirm,
    });

    // The search and the staff list read the same counters.
    const found = (await device.get('/api/me/tasks/search?status=all').expect(200))
      .body as TaskSearchResponse;
    const staffList = (await staff.get(`/api/admin/clients/${client.id}/tasks`).expect(200))
      .body as TaskSummary[];
    for (const summary of [found.items, staffList].map((l) => l.find((x) => x.id === task.id))) {
      expect(summary).toMatchObject({ openRequests: 1, totalRequests: 3, awaitingFirm: true });
    }

    // The firm sends the declined confirmation back: open again, no longer waiting for the firm.
    await staff
      .post(`${base}/requests/${c}/request-changes`)
      .send({ note: 'Which address?' })
      .expect(201);
    await expectCounters(task.id, 2, 3, 0);

    // The last question answered and the confirmation approved: the task completes with 0 open.
    const added = edited.requests.find((r) => r.prompt === 'And the colours?')!.id;
    await device
      .post(`/api/me/tasks/${task.id}/requests/${added}/submit`)
      .send({ text: 'Blue' })
      .expect(200);
    const done = (
      await device
        .post(`/api/me/tasks/${task.id}/requests/${c}/submit`)
        .send({ decision: 'approved' })
        .expect(200)
    ).body as TaskDetail;
    expect(done.status).toBe('completed');
    await expectCounters(task.id, 0, 3, 0);
    const after = (await device.get('/api/me/tasks').expect(200)).body as TaskListResponse;
    expect(after.completed.find((x) => x.id === task.id)).toMatchObject({
      openRequests: 0,
      totalRequests: 3,
      awaitingFirm: false,
    });
  });
});
