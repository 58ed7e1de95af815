import type { ConfirmationDecision, RequestKind, TaskStatus } from '@app/contracts';
import { sqlTime } from '../database/sql-values';
import type { RequestAnswer } from './request-answer.entity';
import { taskFixture } from './task.fixtures';
import type { TaskRequest } from './task-request.entity';
import type { Task } from './task.entity';
import { toTaskCore } from './task-views';
import { taskCoreOf, type TaskDetailRow } from './tasks.service';

/** A small deterministic generator, so a failure names its seed and can be run again. */
function generator(seed: number) {
  let state = seed;
  const next = (): number => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)],
    chance: (p: number) => next() < p,
  };
}

interface Case {
  task: Task;
  requests: TaskRequest[];
  answers: RequestAnswer[];
}

const base = Date.parse('2030-01-01T09:00:00.000Z');

function generated(seed: number): Case {
  const g = generator(seed);
  const time = () => new Date(base + g.int(1_000_000) * 1_000 + g.int(1_000));
  const status = g.pick<TaskStatus>(['open', 'completed', 'cancelled']);
  const task = taskFixture({
    id: `task-${seed}`,
    status,
    description: g.chance(0.3) ? null : `Details ${seed}`,
    dueDate: g.chance(0.5) ? null : '2030-02-01',
    createdAt: time(),
    dispatchedAt: g.chance(0.2) ? null : time(),
    completedAt: status === 'completed' ? time() : null,
    ownerStaffId: g.chance(0.5) ? null : `staff-${seed}`,
  });
  const count = g.int(6);
  const positions = Array.from({ length: count }, (_, i) => i).sort(() => g.int(3) - 1);
  const requests: TaskRequest[] = [];
  const answers: RequestAnswer[] = [];
  for (const position of positions) {
    const kind = g.pick<RequestKind>(['question', 'document', 'confirmation']);
    const requestStatus = g.pick<TaskRequest['status']>(['open', 'done']);
    const request: TaskRequest = {
      id: `req-${seed}-${position}`,
      taskId: task.id,
      position,
      kind,
      prompt: `Prompt ${position}`,
      status: requestStatus,
      completedAt: requestStatus === 'done' ? time() : null,
      changeNote: g.chance(0.5) ? null : `Please change ${position}`,
    };
    requests.push(request);
    if (g.chance(0.6)) {
      const answerStatus = g.pick<RequestAnswer['status']>(['draft', 'submitted']);
      answers.push({
        id: `ans-${seed}-${position}`,
        requestId: request.id,
        taskId: task.id,
        status: answerStatus,
        text: kind === 'question' ? `Answer ${position}` : null,
        decision:
          kind === 'confirmation'
            ? g.pick<ConfirmationDecision | null>(['approved', 'declined', null])
            : null,
        authorType: g.pick(['client', 'staff'] as const),
        authorId: 'someone',
        deviceId: null,
        createdAt: time(),
        updatedAt: time(),
        submittedAt: answerStatus === 'submitted' ? time() : null,
      });
    }
  }
  return { task, requests, answers };
}

/** What taskDetailStatement gives for the case: one row per request, times as the driver gives them. */
function rowsOf({ task, requests, answers }: Case, driver: 'mysql' | 'sqlite'): TaskDetailRow[] {
  const t = (value: Date | null) => (value === null || driver === 'mysql' ? value : sqlTime(value));
  const head = {
    id: task.id,
    reference: task.reference,
    title: task.title,
    description: task.description,
    due_date: task.dueDate,
    status: task.status,
    created_at: t(task.createdAt) as Date | string,
    dispatched_at: t(task.dispatchedAt),
    completed_at: t(task.completedAt),
    owner_staff_id: task.ownerStaffId ?? null,
  };
  const none = {
    a_status: null,
    a_text: null,
    a_decision: null,
    a_author_type: null as unknown as RequestAnswer['authorType'],
    a_updated_at: null as unknown as Date,
    a_submitted_at: null,
  };
  if (requests.length === 0) {
    return [
      {
        ...head,
        r_id: null,
        r_position: null as unknown as number,
        r_kind: null as unknown as RequestKind,
        r_prompt: null as unknown as string,
        r_status: null as unknown as TaskRequest['status'],
        r_completed_at: null,
        r_change_note: null,
        ...none,
      },
    ];
  }
  return requests.map((r, i) => {
    const a = answers.find((each) => each.requestId === r.id);
    return {
      ...head,
      r_id: r.id,
      // MariaDB may give an integer as text through some paths; SQLite gives a number.
      r_position: i % 2 === 0 ? r.position : String(r.position),
      r_kind: r.kind,
      r_prompt: r.prompt,
      r_status: r.status,
      r_completed_at: t(r.completedAt),
      r_change_note: r.changeNote ?? null,
      ...(a
        ? {
            a_status: a.status,
            a_text: a.text,
            a_decision: a.decision,
            a_author_type: a.authorType,
            a_updated_at: t(a.updatedAt) as Date | string,
            a_submitted_at: t(a.submittedAt),
          }
        : none),
    };
  });
}

describe('taskCoreOf (the task detail read, rows straight to the view)', () => {
  it('gives nothing for no rows (a task out of scope)', () => {
    expect(taskCoreOf([])).toBeNull();
  });

  it.each(['mysql', 'sqlite'] as const)(
    'gives the very view toTaskCore makes of the entities, on %s rows (300 generated tasks)',
    (driver) => {
      let declinedSeen = 0;
      let emptySeen = 0;
      for (let seed = 1; seed <= 300; seed++) {
        const c = generated(seed);
        const read = taskCoreOf(rowsOf(c, driver));
        const expected = toTaskCore(c.task, c.requests, c.answers);
        expect({ seed, core: read?.core }).toEqual({ seed, core: expected });
        expect(read?.ownerStaffId).toBe(c.task.ownerStaffId ?? null);
        if (expected.awaitingFirm) declinedSeen++;
        if (expected.requests.length === 0) emptySeen++;
      }
      // The generated cases reach the rule's both sides and the task without requests.
      expect(declinedSeen).toBeGreaterThan(5);
      expect(emptySeen).toBeGreaterThan(5);
    },
  );

  it('keeps staff-only columns out of the view', () => {
    const c = generated(7);
    c.task.ownerStaffId = 'staff-secret';
    const read = taskCoreOf(rowsOf(c, 'mysql'));
    expect(read?.ownerStaffId).toBe('staff-secret');
    expect(JSON.stringify(read?.core)).not.toContain('staff-secret');
  });
});
