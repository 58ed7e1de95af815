// Every client endpoint × every client-side identity, with the expected answer for each: the
// caller sees exactly the tasks its scope covers — their requests, answers, documents and
// messages — and for anything else gets 404 (never 403: existence is not revealed) with no
// data of it in the body. Anonymous callers and staff bearer tokens get 401: the client
// endpoints are for clients; staff use /api/admin.
//
// Identities: anonymous, devices of A and B, a PIN session, logins of A and B, and staff. To add
// one, append to IDENTITIES: say how to make its caller
// and which of the tasks its scope covers. Every endpoint row then runs for it.
import request from 'supertest';
import type {
  DocumentView,
  TaskDetail,
  TaskListResponse,
  TaskSearchResponse,
} from '@app/contracts';
import {
  createStorageTestApp,
  dispatchTasks,
  pdfBytes,
  StorageTestApp,
  upload,
} from '../factories/client-api';
import { browserAgent, StaffApi } from '../factories/staff-api';

/** a1, a2: A's tasks sent by link; ap: A's task sent with a PIN before the portal; b: B's. */
type TaskKey = 'a1' | 'a2' | 'ap' | 'b';
const TASK_KEYS: TaskKey[] = ['a1', 'a2', 'ap', 'b'];
const LEGACY = { reference: 'L-MATRIX-1', pin: '24681357' };

/** What every row may use: the staff API, the tasks by key, and callers made so far. */
interface World {
  t: StorageTestApp;
  staff: StaffApi;
  clients: { a: string; b: string };
  tasks: Record<TaskKey, TaskDetail>;
  docs: Record<TaskKey, DocumentView>;
  tokens: { a1: string; a2: string; b: string };
  emails: { A: string; B: string };
  agents: Map<string, request.Agent>;
}

/** Makes one HTTP call as the identity. */
type Caller = (method: 'get' | 'post' | 'put' | 'delete', path: string) => request.Test;

interface Identity {
  name: string;
  /** Builds the caller (runs once, in order, before this identity's rows). */
  caller(w: World): Promise<Caller>;
  /** Tasks in scope; 'none' means the identity is not a client at all (401 everywhere). */
  sees: TaskKey[] | 'none';
}

const anonymousCaller =
  (w: World): Caller =>
  (method, path) =>
    request(w.t.http)[method](path).set('X-Requested-With', 'XMLHttpRequest');
const agentCaller =
  (agent: request.Agent): Caller =>
  (method, path) =>
    agent[method](path);

/** A login created from a browser trusted with the client's link, then used in a new browser. */
async function loginCaller(w: World, who: 'A' | 'B'): Promise<Caller> {
  // Created from the client's trusted device (an identity above), as the portal allows.
  const from = w.agents.get(who)!;
  const username = `matrix.${who.toLowerCase()}.${Date.now().toString(36)}`;
  const password = 'matrix pass phrase for logins';
  await from.post('/api/account').send({ email: w.emails[who], username, password }).expect(201);
  const browser = browserAgent(w.t.http);
  await browser.post('/api/account/login').send({ username, password }).expect(200);
  return agentCaller(browser);
}

export const IDENTITIES: Identity[] = [
  { name: 'anonymous', sees: 'none', caller: (w) => Promise.resolve(anonymousCaller(w)) },
  {
    name: "client A's device that redeemed dispatch 1's link",
    sees: ['a1'],
    caller: async (w) => {
      const device = browserAgent(w.t.http);
      await device.post('/api/links/redeem').send({ token: w.tokens.a1 }).expect(200);
      w.agents.set('A', device);
      return agentCaller(device);
    },
  },
  {
    name: 'the same device after it also redeemed dispatch 2 (sees both)',
    sees: ['a1', 'a2'],
    caller: async (w) => {
      const device = w.agents.get('A')!;
      await device.post('/api/links/redeem').send({ token: w.tokens.a2 }).expect(200);
      return agentCaller(device);
    },
  },
  {
    name: "client B's device",
    sees: ['b'],
    caller: async (w) => {
      const device = browserAgent(w.t.http);
      await device.post('/api/links/redeem').send({ token: w.tokens.b }).expect(200);
      w.agents.set('B', device);
      return agentCaller(device);
    },
  },
  {
    name: "a PIN session for A's task sent before the portal",
    sees: ['ap'],
    caller: async (w) => {
      const browser = browserAgent(w.t.http);
      await browser.post('/api/pin/sessions').send(LEGACY).expect(200);
      return agentCaller(browser);
    },
  },
  {
    name: "client A's login (every task ever sent to A, legacy included)",
    sees: ['a1', 'a2', 'ap'],
    caller: (w) => loginCaller(w, 'A'),
  },
  {
    name: "client B's login",
    sees: ['b'],
    caller: (w) => loginCaller(w, 'B'),
  },
  {
    name: 'staff bearer token (client endpoints are for clients)',
    sees: 'none',
    caller: (w) =>
      Promise.resolve((method, path) =>
        request(w.t.http)[method](path).set('Authorization', `Bearer ${w.staff.token}`),
      ),
  },
  {
    // Issue 12: the staff workspace's cookie session is no client identity either.
    name: 'staff workspace cookie (client endpoints are for clients)',
    sees: 'none',
    caller: async (w) => {
      const browser = browserAgent(w.t.http);
      await browser
        .post('/api/staff/session')
        .send({ username: 'admin', password: 'admin-password-for-tests-123' })
        .expect(200);
      return agentCaller(browser);
    },
  },
];

const QUESTIONS = IDENTITIES.length;

/** One client endpoint, aimed at one task. `i` is the identity's index (distinct requests). */
interface TaskRow {
  name: string;
  call(c: Caller, w: World, task: TaskKey, i: number): request.Test;
  /** Status when allowed. */
  ok: number;
  /** Extra checks on an allowed answer. */
  check?(body: unknown, w: World, task: TaskKey): void;
}

const q = (w: World, k: TaskKey, i: number) => w.tasks[k].requests[i].id;
const d = (w: World, k: TaskKey) => w.tasks[k].requests[QUESTIONS].id;

const TASK_ROWS: TaskRow[] = [
  {
    name: 'GET /api/me/tasks/:taskId (requests, answers, documents, messages)',
    call: (c, w, k) => c('get', `/api/me/tasks/${w.tasks[k].id}`),
    ok: 200,
    check: (body, w, k) => {
      const detail = body as TaskDetail;
      expect(detail.id).toBe(w.tasks[k].id);
      expect(detail.documents?.map((x) => x.id)).toContain(w.docs[k].id);
      expect(detail.messages?.length).toBeGreaterThan(0);
    },
  },
  {
    name: 'PUT …/requests/:requestId/draft',
    call: (c, w, k, i) =>
      c('put', `/api/me/tasks/${w.tasks[k].id}/requests/${q(w, k, i)}/draft`).send({
        text: 'draft',
      }),
    ok: 200,
  },
  {
    name: 'POST …/requests/:requestId/submit',
    call: (c, w, k, i) =>
      c('post', `/api/me/tasks/${w.tasks[k].id}/requests/${q(w, k, i)}/submit`).send({
        text: 'answer',
      }),
    ok: 200,
  },
  {
    name: 'POST …/requests/:requestId/documents (upload)',
    call: (c, w, k) =>
      upload(
        { post: (p: string) => c('post', p) } as unknown as request.Agent,
        `/api/me/tasks/${w.tasks[k].id}/requests/${d(w, k)}/documents`,
        { content: pdfBytes(500), filename: 'upload.pdf' },
      ),
    ok: 201,
  },
  {
    name: 'GET /api/me/tasks/:taskId/documents/:documentId (download)',
    call: (c, w, k) => c('get', `/api/me/tasks/${w.tasks[k].id}/documents/${w.docs[k].id}`),
    ok: 200,
    check: (body) => expect(Buffer.isBuffer(body) || typeof body === 'object').toBe(true),
  },
  {
    // Issue 13: the client removes only files it uploaded; a file the firm sent answers 403 to
    // a caller that sees the task (the 204 path: document-remove.e2e-spec), 404 to any other.
    name: 'DELETE /api/me/tasks/:taskId/documents/:documentId (a file the firm sent)',
    call: (c, w, k) => c('delete', `/api/me/tasks/${w.tasks[k].id}/documents/${w.docs[k].id}`),
    ok: 403,
    check: (body) => expect((body as { error: string }).error).toBe('document_not_yours'),
  },
  {
    name: 'POST /api/me/tasks/:taskId/messages',
    call: (c, w, k) => c('post', `/api/me/tasks/${w.tasks[k].id}/messages`).send({ body: 'hello' }),
    ok: 201,
  },
];

/** Endpoints that are not about one task: every client gets 200, with only its own tasks. */
const SCOPE_ROWS: { name: string; call(c: Caller): request.Test; ids(body: unknown): string[] }[] =
  [
    {
      name: 'GET /api/me/tasks (dashboard)',
      call: (c) => c('get', '/api/me/tasks'),
      ids: (b) =>
        [...(b as TaskListResponse).open, ...(b as TaskListResponse).completed].map((x) => x.id),
    },
    {
      name: 'GET /api/me/tasks/search?status=all',
      call: (c) => c('get', '/api/me/tasks/search?status=all&limit=100'),
      ids: (b) => (b as TaskSearchResponse).items.map((x) => x.id),
    },
    {
      name: 'GET /api/me/tasks/search?q=<every reference>',
      call: (c) => c('get', '/api/me/tasks/search?q=T-'),
      ids: (b) => (b as TaskSearchResponse).items.map((x) => x.id),
    },
    {
      name: 'GET /api/me/upload-rules',
      call: (c) => c('get', '/api/me/upload-rules'),
      ids: () => [],
    },
  ];

describe('authorization matrix of the client endpoints', () => {
  const w = { agents: new Map() } as World;

  beforeAll(async () => {
    w.t = await createStorageTestApp();
    w.staff = await StaffApi.signIn(w.t.http);
    const a = await w.staff.createClient();
    const b = await w.staff.createClient();
    w.clients = { a: a.id, b: b.id };
    w.emails = { A: a.email, B: b.email };
    // One question per identity (each answers its own) and one document request.
    const requests = [
      ...Array.from({ length: QUESTIONS }, (_, i) => ({
        kind: 'question' as const,
        prompt: `Q${i}`,
      })),
      { kind: 'document' as const, prompt: 'Upload it' },
    ];
    const make = (clientId: string, title: string) =>
      w.staff.createTask(clientId, { title, requests });
    const imported = await w.staff
      .post(`/api/admin/clients/${a.id}/legacy-tasks`)
      .send({
        tasks: [{ ...LEGACY, title: 'SECRET-AP filing', sentAt: '2025-06-01T09:00:00Z', requests }],
      })
      .expect(201);
    const legacyId = (imported.body as { imported: { taskId: string }[] }).imported[0].taskId;
    w.tasks = {
      a1: await make(a.id, 'SECRET-A1 filing'),
      a2: await make(a.id, 'SECRET-A2 filing'),
      ap: (await w.staff.get(`/api/admin/clients/${a.id}/tasks/${legacyId}`).expect(200))
        .body as TaskDetail,
      b: await make(b.id, 'SECRET-B filing'),
    };
    w.tokens = {
      a1: (await dispatchTasks(w.staff, a, [w.tasks.a1.id])).token,
      a2: (await dispatchTasks(w.staff, a, [w.tasks.a2.id])).token,
      b: (await dispatchTasks(w.staff, b, [w.tasks.b.id])).token,
    };
    w.docs = {} as World['docs'];
    for (const k of TASK_KEYS) {
      const clientId = k === 'b' ? b.id : a.id;
      const base = `/api/admin/clients/${clientId}/tasks/${w.tasks[k].id}`;
      const res = await upload(
        { post: (p: string) => w.staff.post(p) } as unknown as request.Agent,
        `${base}/documents`,
        { content: pdfBytes(300), filename: `SECRET-${k}-doc.pdf` },
      ).expect(201);
      w.docs[k] = res.body as DocumentView;
      await w.staff
        .post(`${base}/messages`)
        .send({ body: `SECRET-${k} message` })
        .expect(201);
    }
  });
  afterAll(() => w.t.close());

  IDENTITIES.forEach((identity, i) => {
    describe(identity.name, () => {
      let call: Caller;
      beforeAll(async () => {
        call = await identity.caller(w);
      });

      for (const row of SCOPE_ROWS) {
        it(`${row.name} → ${identity.sees === 'none' ? '401' : `200 with exactly [${identity.sees.join(', ')}]`}`, async () => {
          const res = await row.call(call);
          if (identity.sees === 'none') {
            expect(res.status).toBe(401);
            expect(JSON.stringify(res.body)).not.toMatch(/SECRET/);
            return;
          }
          expect(res.status).toBe(200);
          if (row.name.includes('upload-rules')) return;
          const expected = identity.sees.map((k) => w.tasks[k].id).sort();
          expect(row.ids(res.body).sort()).toEqual(expected);
          const others = TASK_KEYS.filter((k) => !(identity.sees as TaskKey[]).includes(k));
          for (const k of others)
            expect(JSON.stringify(res.body)).not.toContain(`SECRET-${k.toUpperCase()}`);
        });
      }

      for (const row of TASK_ROWS) {
        for (const k of TASK_KEYS) {
          const allowed = identity.sees !== 'none' && identity.sees.includes(k);
          const expected = identity.sees === 'none' ? 401 : allowed ? row.ok : 404;
          it(`${row.name} on task ${k} → ${expected}`, async () => {
            const res = await row.call(call, w, k, i).buffer(true);
            expect(res.status).toBe(expected);
            if (allowed) {
              row.check?.(res.body, w, k);
              return;
            }
            const text = `${JSON.stringify(res.body)} ${res.text ?? ''}`;
            expect(text).not.toMatch(/SECRET|%PDF/);
            expect(text).not.toContain(w.tasks[k].reference);
            expect(res.headers['content-disposition']).toBeUndefined();
          });
        }
      }

      it('a document or request of another task, reached through an allowed task, → 404', async () => {
        if (identity.sees === 'none') return;
        const own = identity.sees[0];
        const other = TASK_KEYS.find((k) => k !== own)!;
        const doc = await call(
          'get',
          `/api/me/tasks/${w.tasks[own].id}/documents/${w.docs[other].id}`,
        );
        expect(doc.status).toBe(404);
        const removal = await call(
          'delete',
          `/api/me/tasks/${w.tasks[own].id}/documents/${w.docs[other].id}`,
        );
        expect(removal.status).toBe(404);
        const sub = await call(
          'post',
          `/api/me/tasks/${w.tasks[own].id}/requests/${q(w, other, QUESTIONS - 1)}/submit`,
        ).send({ text: 'x' });
        expect(sub.status).toBe(404);
        const up = await upload(
          { post: (p: string) => call('post', p) } as unknown as request.Agent,
          `/api/me/tasks/${w.tasks[own].id}/requests/${d(w, other)}/documents`,
          { content: pdfBytes(100), filename: 'x.pdf' },
        );
        expect(up.status).toBe(404);
      });
    });
  });

  it('denied calls stored nothing: answers and uploads exist only from allowed identities', async () => {
    const db = w.t.app.get((await import('typeorm')).DataSource);
    for (const k of TASK_KEYS) {
      const seers = IDENTITIES.map((id, i) => ({ id, i })).filter(
        ({ id }) => id.sees !== 'none' && id.sees.includes(k),
      );
      const answered: { request_id: string }[] = await db.query(
        "SELECT request_id FROM request_answers WHERE task_id = ? AND status = 'submitted'",
        [w.tasks[k].id],
      );
      expect(answered.map((r) => r.request_id).sort()).toEqual(
        seers.map(({ i }) => q(w, k, i)).sort(),
      );
      const uploads = await db.query(
        "SELECT COUNT(*) AS n FROM task_documents WHERE task_id = ? AND uploaded_by_type = 'client'",
        [w.tasks[k].id],
      );
      expect(Number(uploads[0].n)).toBe(seers.length);
    }
  });
});
