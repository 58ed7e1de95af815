// SPEC rule 16's dashboard contract: up to 100 open and the last 100 completed tasks with
// totals ("showing 100 of 143"), and search/paging to reach the rest. Times keep milliseconds and
// ties go by task id (SPEC rule 29), so 105 tasks closed within one second still list exactly
// the latest 100.
import type { TaskListResponse, TaskSearchResponse } from '@app/contracts';
import { DataSource } from 'typeorm';
import { Task } from '../../apps/api/src/tasks/task.entity';
import {
  createStorageTestApp,
  dispatchTasks,
  StorageTestApp,
  trustedDevice,
} from '../factories/client-api';
import { StaffApi } from '../factories/staff-api';

describe('the task dashboard shows 100 of many, and search reaches the rest', () => {
  let t: StorageTestApp;
  let device: Awaited<ReturnType<typeof trustedDevice>>;
  const ids: string[] = [];
  let titled: string;
  /** When each of the 105 completed tasks was closed: all within one second, two at once. */
  let closed: { id: string; at: Date }[];

  beforeAll(async () => {
    t = await createStorageTestApp();
    const staff = await StaffApi.signIn(t.http);
    const client = await staff.createClient();
    for (let i = 0; i < 143; i++) {
      const task = await staff.createTask(client.id, {
        title: i === 42 ? 'Renewal of ZEPHYR mark' : `Filing ${i}`,
        requests: [{ kind: 'question', prompt: 'Q' }],
      });
      ids.push(task.id);
      if (i === 42) titled = task.id;
    }
    // A dispatch carries at most 100 tasks: two links, redeemed by the same device.
    const first = await dispatchTasks(staff, client, ids.slice(0, 100));
    const second = await dispatchTasks(staff, client, ids.slice(100));
    device = await trustedDevice(t.http, first.token, second.token);
    // 105 of them are completed within one second, in an order unlike creation or id order, and
    // two in the same millisecond right at the 100th place. Written through the entity (the
    // dashboard is what is tested here), as the services write times.
    const wholeSecond = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    const order = shuffled(ids.slice(0, 105));
    closed = order.map((id, i) => ({ id, at: new Date(wholeSecond + i * 9) }));
    closed[5].at = closed[4].at;
    const tasks = t.app.get(DataSource).getRepository(Task);
    for (const { id, at } of closed) {
      await tasks.update({ id }, { status: 'completed', completedAt: at });
    }
  });
  afterAll(() => t.close());

  it('the dashboard holds at most 100 of each, with totals', async () => {
    const list = (await device.get('/api/me/tasks').expect(200)).body as TaskListResponse;
    expect(list.open).toHaveLength(38);
    expect(list.openTotal).toBe(38);
    expect(list.completed).toHaveLength(100);
    expect(list.completedTotal).toBe(105);
  });

  it('the last 100 completed are exactly the latest 100 closed within one second (ties by task id)', async () => {
    const times = closed.map((c) => c.at.getTime());
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(1000);
    expect(new Set(times.map((ms) => Math.floor(ms / 1000))).size).toBe(1);

    const latest = [...closed]
      .sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? -1 : 1))
      .slice(0, 100);
    const list = (await device.get('/api/me/tasks').expect(200)).body as TaskListResponse;
    expect(list.completed.map((x) => x.id)).toEqual(latest.map((c) => c.id));
    expect(list.completed.map((x) => x.completedAt)).toEqual(latest.map((c) => c.at.toISOString()));
    // The tie sits at the cut: exactly one of the two closed in the same millisecond is listed.
    const tied = [closed[4].id, closed[5].id].sort();
    expect(list.completed.map((x) => x.id)).toContain(tied[0]);
    expect(list.completed.map((x) => x.id)).not.toContain(tied[1]);
  });

  it('search pages through every task, by status, without repeats', async () => {
    const seen: string[] = [];
    for (let offset = 0; ; offset += 40) {
      const page = (
        await device
          .get(`/api/me/tasks/search?status=completed&offset=${offset}&limit=40`)
          .expect(200)
      ).body as TaskSearchResponse;
      expect(page).toMatchObject({ total: 105, offset, limit: 40 });
      seen.push(...page.items.map((x) => x.id));
      if (page.items.length < 40) break;
    }
    expect(seen).toHaveLength(105);
    expect(new Set(seen).size).toBe(105);
    const all = (await device.get('/api/me/tasks/search?status=all&limit=1').expect(200))
      .body as TaskSearchResponse;
    expect(all.total).toBe(143);
  });

  it('search finds by title or reference text, case-insensitively, and treats % and _ literally', async () => {
    const byTitle = (await device.get('/api/me/tasks/search?q=zephyr').expect(200))
      .body as TaskSearchResponse;
    expect(byTitle.items.map((x) => x.id)).toEqual([titled]);
    const ref = byTitle.items[0].reference;
    const byRef = (await device.get(`/api/me/tasks/search?q=${ref.toLowerCase()}`).expect(200))
      .body as TaskSearchResponse;
    expect(byRef.items.map((x) => x.id)).toEqual([titled]);
    const wild = (await device.get('/api/me/tasks/search?q=%25').expect(200))
      .body as TaskSearchResponse;
    expect(wild.total).toBe(0);
  });

  it('bad paging gets 422 naming the field', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['offset=-1', 'offset'],
      ['status=lost', 'status'],
      [`q=${'x'.repeat(101)}`, 'q'],
    ]) {
      const res = await device.get(`/api/me/tasks/search?${query}`).expect(422);
      expect(Object.keys(res.body.fields)).toContain(field);
    }
  });
});

/** A fixed permutation (a seeded Fisher-Yates), so a failure replays the same order. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  let seed = 20261125;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 1;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
