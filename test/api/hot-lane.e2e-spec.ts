// Issue 11: the hot lane (apps/api/src/hot-routes) answers link status, redeem, the dashboard and
// a task without Express's router and Nest's per-request pipeline. It must answer exactly as the
// usual path does. Two instances on one database, one with the lane (the default) and one with
// HOT_LANE=false, get the same requests, well-formed and hostile; status, headers and body are
// compared in full, except what differs on every response (the date and the correlation id). The
// lane's own count says which requests it answered: the canonical ones, and nothing else.
import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { RedeemResponse, TaskDetail } from '@app/contracts';
import { createApp, hotLaneOf } from '../../apps/api/src/app.factory';
import { dispatchTasks } from '../factories/client-api';
import { StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';

const VOLATILE_HEADERS = ['date', 'x-request-id', 'etag'];

interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, unknown>;
}

function answer(res: request.Response): Answer {
  let body: unknown = res.body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const copy = { ...(body as Record<string, unknown>) };
    delete copy.correlationId;
    body = copy;
  }
  const headers = { ...(res.headers as Record<string, unknown>) };
  for (const name of VOLATILE_HEADERS) delete headers[name];
  return { status: res.status, body: res.text === '' ? '' : body, headers };
}

type Send = (server: Server) => request.Test;

describe('the hot lane answers as the usual path does', () => {
  let laned: TestApp;
  let plain: INestApplication;
  let staff: StaffApi;
  let token: string;
  let usedToken: string;
  let deviceCookie: string;
  let task: TaskDetail;

  beforeAll(async () => {
    laned = await createTestApp();
    plain = await createApp({ ...laned.env, HOT_LANE: 'false' });
    await plain.init();
    staff = await StaffApi.signIn(laned.http);
    const client = await staff.createClient();
    const created = await staff.createTask(client.id, {
      requests: [{ kind: 'question', prompt: 'Which goods will you sell?' }],
    });
    const second = await staff.createTask(client.id, {
      requests: [{ kind: 'confirmation', prompt: 'Is the owner right?' }],
    });
    token = (await dispatchTasks(staff, client, [created.id])).token;
    usedToken = (await dispatchTasks(staff, client, [second.id])).token;
    const redeemed = await request(laned.http)
      .post('/api/links/redeem')
      .set('X-Requested-With', 'XMLHttpRequest')
      .send({ token: usedToken })
      .expect(200);
    deviceCookie = String(redeemed.headers['set-cookie'][0]).split(';')[0];
    const taskId = (redeemed.body as RedeemResponse).tasks[0].id;
    task = (await request(laned.http).get(`/api/me/tasks/${taskId}`).set('Cookie', deviceCookie))
      .body as TaskDetail;
    expect(task.id).toBe(taskId);
  });
  afterAll(async () => {
    await plain?.close();
    await laned?.close();
  });

  it('is on by default and off with HOT_LANE=false', () => {
    expect(hotLaneOf(laned.app)).toBeDefined();
    expect(hotLaneOf(plain)).toBeUndefined();
  });

  const deep = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
  const status = (server: Server) => request(server).post('/api/links/status');

  // [what, request, whether the lane takes it]
  const cases: [string, () => Send, boolean][] = [
    ['status: unknown link', () => (s) => status(s).send({ token: 'x'.repeat(43) }), true],
    ['status: a ready link', () => (s) => status(s).send({ token }), true],
    [
      'status: charset=utf-8',
      () => (s) =>
        status(s)
          .set('Content-Type', 'application/json; charset=utf-8')
          .send(JSON.stringify({ token })),
      true,
    ],
    ['status: token of the wrong type', () => (s) => status(s).send({ token: 5 }), true],
    ['status: an unknown field', () => (s) => status(s).send({ token, admin: true }), true],
    ['status: no body', () => (s) => status(s), true],
    [
      'status: text/plain',
      () => (s) => status(s).set('Content-Type', 'text/plain').send(JSON.stringify({ token })),
      true,
    ],
    [
      'status: broken JSON',
      () => (s) => status(s).set('Content-Type', 'application/json').send('{"token":'),
      true,
    ],
    [
      'status: a JSON string',
      () => (s) => status(s).set('Content-Type', 'application/json').send('"abc"'),
      true,
    ],
    ['status: a JSON array', () => (s) => status(s).send([token]), true],
    [
      'status: 40 levels deep',
      () => (s) => status(s).set('Content-Type', 'application/json').send(deep(40)),
      true,
    ],
    [
      'status: larger than the body limit',
      () => (s) => status(s).send({ token: 'y'.repeat(200_000) }),
      true,
    ],
    [
      'status: latin1 charset',
      () => (s) =>
        status(s)
          .set('Content-Type', 'application/json; charset=latin1')
          .send(JSON.stringify({ token })),
      true,
    ],
    [
      'status: the trusted device, from the page',
      () => (s) =>
        status(s)
          .set('Cookie', deviceCookie)
          .set('X-Requested-With', 'XMLHttpRequest')
          .send({ token: usedToken }),
      true,
    ],
    [
      'status: the device cookie without the page header (CSRF)',
      () => (s) => status(s).set('Cookie', deviceCookie).send({ token: usedToken }),
      true,
    ],
    [
      'status: the device cookie from another origin (CSRF)',
      () => (s) =>
        status(s)
          .set('Cookie', deviceCookie)
          .set('X-Requested-With', 'XMLHttpRequest')
          .set('Origin', 'https://evil.example')
          .send({ token: usedToken }),
      true,
    ],
    [
      'status: a query string',
      () => (s) => request(s).post('/api/links/status?x=1').send({ token }),
      false,
    ],
    [
      'status: a trailing slash',
      () => (s) => request(s).post('/api/links/status/').send({ token }),
      false,
    ],
    [
      'status: upper case',
      () => (s) => request(s).post('/API/LINKS/STATUS').send({ token }),
      false,
    ],
    ['status: GET', () => (s) => request(s).get('/api/links/status'), false],
    [
      'status: a gzip body',
      () => (s) =>
        status(s)
          .set('Content-Type', 'application/json')
          .set('Content-Encoding', 'gzip')
          .send(gzipSync(JSON.stringify({ token }))),
      true,
    ],
    [
      'status: an unknown content encoding',
      () => (s) =>
        status(s)
          .set('Content-Type', 'application/json')
          .set('Content-Encoding', 'zz')
          .send(JSON.stringify({ token })),
      true,
    ],
    [
      'redeem: unknown link',
      () => (s) =>
        request(s)
          .post('/api/links/redeem')
          .set('X-Requested-With', 'XMLHttpRequest')
          .send({ token: 'z'.repeat(43) }),
      true,
    ],
    [
      'redeem: a link used by another device',
      () => (s) =>
        request(s)
          .post('/api/links/redeem')
          .set('X-Requested-With', 'XMLHttpRequest')
          .send({ token: usedToken }),
      true,
    ],
    [
      'redeem: by the device that holds it',
      () => (s) =>
        request(s)
          .post('/api/links/redeem')
          .set('Cookie', deviceCookie)
          .set('X-Requested-With', 'XMLHttpRequest')
          .send({ token: usedToken }),
      true,
    ],
    ['dashboard', () => (s) => request(s).get('/api/me/tasks').set('Cookie', deviceCookie), true],
    ['dashboard: no cookie', () => (s) => request(s).get('/api/me/tasks'), true],
    [
      'dashboard: If-None-Match: * (a conditional GET)',
      () => (s) =>
        request(s).get('/api/me/tasks').set('Cookie', deviceCookie).set('If-None-Match', '*'),
      false,
    ],
    [
      'dashboard: If-Modified-Since',
      () => (s) =>
        request(s)
          .get('/api/me/tasks')
          .set('Cookie', deviceCookie)
          .set('If-Modified-Since', new Date().toUTCString()),
      false,
    ],
    [
      'dashboard: a forged cookie',
      () => (s) =>
        request(s)
          .get('/api/me/tasks')
          .set('Cookie', deviceCookie.replace(/=.*/, `=${'A'.repeat(43)}`)),
      true,
    ],
    [
      'dashboard: HEAD',
      () => (s) => request(s).head('/api/me/tasks').set('Cookie', deviceCookie),
      false,
    ],
    [
      'task',
      () => (s) => request(s).get(`/api/me/tasks/${task.id}`).set('Cookie', deviceCookie),
      true,
    ],
    [
      'task: upper-case id',
      () => (s) =>
        request(s).get(`/api/me/tasks/${task.id.toUpperCase()}`).set('Cookie', deviceCookie),
      true,
    ],
    [
      'task: unknown id',
      () => (s) =>
        request(s)
          .get('/api/me/tasks/00000000-0000-4000-8000-000000000000')
          .set('Cookie', deviceCookie),
      true,
    ],
    ['task: no cookie', () => (s) => request(s).get(`/api/me/tasks/${task.id}`), true],
    [
      'task: not a UUID',
      () => (s) => request(s).get('/api/me/tasks/not-a-uuid').set('Cookie', deviceCookie),
      false,
    ],
    [
      'task: the search route beside it',
      () => (s) => request(s).get('/api/me/tasks/search').set('Cookie', deviceCookie),
      false,
    ],
    [
      'task: percent-encoded',
      () => (s) =>
        request(s)
          .get(`/api/me/tasks/%41${task.id.slice(1)}`)
          .set('Cookie', deviceCookie),
      false,
    ],
  ];

  it.each(cases)('%s', async (_what, make, taken) => {
    const send = make();
    const lane = hotLaneOf(laned.app)!;
    const before = lane.served;
    const viaLane = answer(await send(laned.http));
    expect(lane.served - before).toBe(taken ? 1 : 0);
    const viaExpress = answer(await send(plain.getHttpServer() as Server));
    expect(viaLane).toEqual(viaExpress);
  });

  it('a fresh redeem: the same status, headers, device cookie attributes, answer and audited address', async () => {
    const client = await staff.createClient();
    const tokens: string[] = [];
    for (let i = 0; i < 2; i++) {
      const t = await staff.createTask(client.id, {
        title: 'Sign the declaration',
        requests: [{ kind: 'confirmation', prompt: 'Is it right?' }],
      });
      tokens.push((await dispatchTasks(staff, client, [t.id])).token);
    }
    const lane = hotLaneOf(laned.app)!;
    const before = lane.served;
    const [a, b] = await Promise.all(
      [laned.http, plain.getHttpServer() as Server].map((server, i) =>
        request(server)
          .post('/api/links/redeem')
          .set('X-Requested-With', 'XMLHttpRequest')
          .set('X-Forwarded-For', '203.0.113.7')
          .send({ token: tokens[i] }),
      ),
    );
    expect(lane.served - before).toBe(1);
    expect(a.status).toBe(200);
    const shape = (res: request.Response) => {
      const { headers, ...rest } = answer(res);
      const cookie = String((headers['set-cookie'] as string[])[0]);
      const attributes = cookie
        .split('; ')
        .slice(1)
        .map((part) => (part.startsWith('Expires=') ? 'Expires' : part));
      const body = res.body as RedeemResponse;
      return {
        ...rest,
        headers: { ...headers, 'set-cookie': attributes, 'content-length': undefined },
        body: {
          ...body,
          tasks: body.tasks.map((t) => ({ ...t, id: '', reference: '', dispatchedAt: '' })),
        },
        cookieValue: /^cp_device=[A-Za-z0-9_-]{43}$/.test(cookie.split(';')[0]),
      };
    };
    expect(shape(a)).toEqual(shape(b));
    // The address both audited is the one Express derives under TRUST_PROXY (loopback here).
    const audited: { ip: string }[] = await laned.app
      .get(DataSource)
      .query("SELECT ip FROM audit_events WHERE client_id = ? AND type = 'link.redeemed'", [
        client.id,
      ]);
    expect(audited.map((row) => row.ip)).toEqual(['203.0.113.7', '203.0.113.7']);
    // Each browser is now the trusted device for its own link's task, through either instance.
    const mine = String(a.headers['set-cookie'][0]).split(';')[0];
    const dashboard = await request(plain.getHttpServer() as Server)
      .get('/api/me/tasks')
      .set('Cookie', mine)
      .expect(200);
    expect(JSON.stringify(dashboard.body)).toContain((a.body as RedeemResponse).tasks[0].id);
  });
});
