import type { EntityManager } from 'typeorm';
import { taskFixture } from './task.fixtures';
import type { Task } from './task.entity';
import { newTaskReference, TasksService } from './tasks.service';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A TasksService given only its data source (or nothing): these specs never reach its other
 * collaborators, which are null.
 */
function serviceWith(dataSource: unknown = null): TasksService {
  const args: unknown[] = Array.from({ length: TasksService.length }, () => null);
  args[5] = dataSource; // the constructor's DataSource
  return new TasksService(...(args as ConstructorParameters<typeof TasksService>));
}

describe('newTaskReference', () => {
  it('is T- followed by 6 characters from the reference alphabet', () => {
    for (let i = 0; i < 500; i++)
      expect(newTaskReference()).toMatch(/^T-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}$/);
  });

  it('never uses characters that are easily misread (0, O, 1, I, L, U)', () => {
    const chars = new Set(Array.from({ length: 2000 }, () => newTaskReference().slice(2)).join(''));
    for (const c of '0O1ILU') expect(chars.has(c)).toBe(false);
    // The generator does draw from the whole alphabet, not a corner of it.
    expect([...ALPHABET].filter((c) => !chars.has(c))).toEqual([]);
  });

  it('is random: many references are (almost) all distinct', () => {
    const refs = new Set(Array.from({ length: 1000 }, () => newTaskReference()));
    // 30^6 ≈ 729 million values; a collision among 1000 has a chance below 0.1 %.
    expect(refs.size).toBeGreaterThanOrEqual(999);
  });
});

describe('TasksService.tasksOfEvents (staff notices, one read per batch)', () => {
  const own = taskFixture({ id: 'task-own', clientId: 'client-a' });
  const others = taskFixture({ id: 'task-other', clientId: 'client-b' });
  const carriedDone = taskFixture({ id: 'task-done', clientId: 'client-a', status: 'completed' });
  const carried = [
    { dispatchId: 'dispatch-1', taskId: 'task-own' },
    { dispatchId: 'dispatch-1', taskId: 'task-done' },
    { dispatchId: 'dispatch-2', taskId: 'task-other' },
  ];

  /** The statements the reads sent. */
  const statements: string[] = [];

  const row = (t: Task) => ({ id: t.id, client_id: t.clientId, owner_staff_id: null });

  /** A TasksService whose data source answers the two fixed reads from the rows above. */
  function service(): { tasks: TasksService; reads: string[] } {
    const reads: string[] = [];
    const dataSource = {
      query: jest.fn((sql: string, ids: string[]) => {
        statements.push(sql);
        if (/FROM dispatch_tasks/.test(sql)) {
          reads.push('dispatch_tasks');
          return Promise.resolve(
            carried
              .filter((c) => ids.includes(c.dispatchId))
              .map((c) => ({
                dispatch_id: c.dispatchId,
                ...row([own, others, carriedDone].find((t) => t.id === c.taskId)!),
              })),
          );
        }
        reads.push('tasks');
        return Promise.resolve(
          [own, others, carriedDone].filter((t) => ids.includes(t.id)).map(row),
        );
      }),
    };
    return { tasks: serviceWith(dataSource), reads };
  }

  it("gives an event its own client's task, never another client's", async () => {
    const { tasks } = service();
    const found = await tasks.tasksOfEvents([
      { id: 'e1', clientId: 'client-a', taskId: 'task-own', dispatchId: null },
      { id: 'e2', clientId: 'client-a', taskId: 'task-other', dispatchId: null },
      { id: 'e3', clientId: 'client-a', taskId: 'task-missing', dispatchId: null },
    ]);
    expect(found.get('e1')?.map((t) => t.id)).toEqual(['task-own']);
    expect(found.get('e2')).toEqual([]);
    expect(found.get('e3')).toEqual([]);
  });

  it('gives a dispatch event every task the dispatch carried, whatever its status', async () => {
    const { tasks } = service();
    const found = await tasks.tasksOfEvents([
      { id: 'e1', clientId: 'client-a', taskId: null, dispatchId: 'dispatch-1' },
      { id: 'e2', clientId: 'client-b', taskId: null, dispatchId: 'dispatch-2' },
      { id: 'e3', clientId: 'client-a', taskId: null, dispatchId: null },
    ]);
    expect(found.get('e1')?.map((t) => t.id)).toEqual(['task-own', 'task-done']);
    expect(found.get('e2')?.map((t) => t.id)).toEqual(['task-other']);
    expect(found.get('e3')).toEqual([]);
    // Another client's event naming this dispatch reaches none of its tasks.
    const forged = await tasks.tasksOfEvents([
      { id: 'e4', clientId: 'client-b', taskId: null, dispatchId: 'dispatch-1' },
    ]);
    expect(forged.get('e4')).toEqual([]);
  });

  it('reads twice for any number of events, and not at all for none', async () => {
    const { tasks, reads } = service();
    const events = Array.from({ length: 300 }, (_, i) =>
      i % 2
        ? { id: `t${i}`, clientId: 'client-a', taskId: 'task-own', dispatchId: 'dispatch-1' }
        : { id: `d${i}`, clientId: 'client-a', taskId: null, dispatchId: 'dispatch-1' },
    );
    const found = await tasks.tasksOfEvents(events);
    expect(reads).toEqual(['dispatch_tasks', 'tasks']);
    // Only what a notice needs, never the description or the rest of the row.
    for (const sql of statements) {
      expect(sql.slice(0, sql.indexOf('FROM')).replace(/\s+/g, ' ')).toMatch(
        /^SELECT (dt\.dispatch_id, )?(t\.)?id, (t\.)?client_id, (t\.)?owner_staff_id $/,
      );
    }
    expect(found.get('t1')?.map((t) => t.id)).toEqual(['task-own']);
    expect(found.get('d0')?.map((t) => t.id)).toEqual(['task-own', 'task-done']);
    reads.length = 0;
    expect((await tasks.tasksOfEvents([])).size).toBe(0);
    expect(reads).toEqual([]);
  });
});

describe('TasksService.insert: a generated reference that is taken', () => {
  const duplicate = Object.assign(
    new Error("Duplicate entry 'T-AAAAAA' for key 'uq_tasks_reference'"),
    {
      code: 'ER_DUP_ENTRY',
      errno: 1062,
    },
  );
  const tasks = serviceWith();

  /** A transaction's manager whose task INSERT fails with `failures`, in order, then succeeds. */
  function manager(failures: Error[]) {
    const written: { entity: string; reference?: string }[] = [];
    const tried: string[] = [];
    const insert = jest.fn((entity: { name: string }, row: { reference?: string }) => {
      if (entity.name === 'Task') {
        tried.push(row.reference ?? '');
        const failure = failures.shift();
        if (failure) return Promise.reject(failure);
      }
      written.push({ entity: entity.name, reference: row.reference });
      return Promise.resolve({});
    });
    return { manager: { insert } as unknown as EntityManager, written, tried };
  }

  const input = {
    title: 'Trademark filing',
    requests: [{ kind: 'question' as const, prompt: 'Which goods?' }],
    createdAt: new Date('2026-11-27T12:00:00Z'),
  };

  it('draws another reference and writes the task once, in the same transaction', async () => {
    const m = manager([duplicate, duplicate]);
    const { task } = await tasks.insert(m.manager, 'client-a', input);
    expect(m.tried).toHaveLength(3);
    expect(new Set(m.tried).size).toBe(3);
    expect(task.reference).toBe(m.tried[2]);
    expect(m.written.map((w) => w.entity)).toEqual(['Task', 'TaskRequest']);
    expect(m.written[0].reference).toBe(task.reference);
  });

  it('gives up after five references, with the database error', async () => {
    const m = manager([duplicate, duplicate, duplicate, duplicate, duplicate]);
    await expect(tasks.insert(m.manager, 'client-a', input)).rejects.toBe(duplicate);
    expect(m.tried).toHaveLength(5);
    expect(m.written).toEqual([]);
  });

  it('never redraws a reference the caller gave, nor after another error', async () => {
    const given = manager([duplicate]);
    await expect(
      tasks.insert(given.manager, 'client-a', { ...input, reference: 'T-GIVEN1' }),
    ).rejects.toBe(duplicate);
    expect(given.tried).toEqual(['T-GIVEN1']);
    const other = new Error('connection lost');
    const failing = manager([other]);
    await expect(tasks.insert(failing.manager, 'client-a', input)).rejects.toBe(other);
    expect(failing.tried).toHaveLength(1);
  });
});
