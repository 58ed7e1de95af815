// Data for the fuzz run, all made through the real endpoints and the real e-mail.
// - seedProtected: rows that exist before the run (clients, tasks, a dispatch whose link was
//   redeemed, answers, messages, a document, a login, a PIN dispatch, a second staff user).
//   None of them may change during the run.
// - fuzzIdentities: made after the "before" dump, so the callers' own rows (sessions touched on
//   every request, their client's tasks) may change: staff (bearer), a trusted device, a
//   logged-in client and a PIN session, and the ids they may act on. The staff identity is an
//   admin made here too, not the test app's own admin: a staff member may edit their own profile
//   (PATCH /api/staff/session/profile), and a valid fuzzed body does so.
import type { Server } from 'node:http';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { ClientView, TaskDetail } from '@app/contracts';
import {
  GOOD_PASSWORD,
  pinDispatch,
  sessionCookie,
  uniqueUsername,
} from '../factories/account-api';
import { dispatchTasks, pdfBytes, requestOf, upload } from '../factories/client-api';
import { outboxDrained } from '../support/outbox';
import { browserAgent, StaffApi, uniqueEmail } from '../factories/staff-api';
import type { IdPool } from './payloads';

export interface Identity {
  name: 'anonymous' | 'staff' | 'device' | 'login' | 'pin';
  headers: Record<string, string>;
  /** Signs in again (after a fuzzed logout), replacing `headers`. */
  refresh?: () => Promise<void>;
  /** While a refresh runs, the identity's next requests wait for it. */
  pending?: Promise<void>;
}

interface ClientWithTasks {
  client: ClientView;
  tasks: TaskDetail[];
  device: request.Agent;
  deviceCookie: string;
  documentId: string;
}

/** A client with two tasks (question, document, confirmation; question), dispatched, redeemed. */
async function clientWithTasks(staff: StaffApi, name: string): Promise<ClientWithTasks> {
  const client = await staff.createClient(uniqueEmail(name), `${name} Client`);
  const tasks = [
    await staff.createTask(client.id, {
      title: `${name}: trademark filing`,
      requests: [
        { kind: 'question', prompt: 'Which goods will you sell?' },
        { kind: 'document', prompt: 'Upload the power of attorney.' },
        { kind: 'confirmation', prompt: 'Confirm the applicant address.' },
      ],
    }),
    await staff.createTask(client.id, {
      title: `${name}: renewal`,
      requests: [{ kind: 'question', prompt: 'Still in use?' }],
    }),
  ];
  const { token } = await dispatchTasks(
    staff,
    client,
    tasks.map((t) => t.id),
  );
  const device = browserAgent(staff.http);
  const redeemed = await device.post('/api/links/redeem').send({ token }).expect(200);
  const deviceCookie = cookieOf(redeemed, 'cp_device');
  const uploaded = await upload(
    device,
    `/api/me/tasks/${tasks[0].id}/requests/${requestOf(tasks[0], 'document')}/documents`,
    { content: pdfBytes(), filename: `${name}-poa.pdf` },
  ).expect(201);
  return { client, tasks, device, deviceCookie, documentId: (uploaded.body as { id: string }).id };
}

export async function seedProtected(http: Server, dataSource: DataSource): Promise<IdPool['own']> {
  const staff = await StaffApi.signIn(http);
  const a = await clientWithTasks(staff, 'Protected');
  const [task] = a.tasks;
  await a.device
    .put(`/api/me/tasks/${task.id}/requests/${requestOf(task, 'question')}/draft`)
    .send({ text: 'Shoes and hats.' })
    .expect(200);
  await a.device
    .post(`/api/me/tasks/${task.id}/requests/${requestOf(task, 'confirmation')}/submit`)
    .send({ decision: 'approved' })
    .expect((res) => expect(res.status).toBeLessThan(300));
  await a.device
    .post(`/api/me/tasks/${task.id}/messages`)
    .send({ body: 'When is the filing date?' })
    .expect(201);
  await staff
    .post(`/api/admin/clients/${a.client.id}/tasks/${task.id}/messages`)
    .send({ body: 'Next Monday.' })
    .expect(201);
  await a.device
    .post('/api/account')
    .send({ email: a.client.email, username: uniqueUsername('protected'), password: GOOD_PASSWORD })
    .expect(201);
  await pinDispatch(staff);
  await staff
    .post('/api/admin/staff')
    .send({ username: uniqueUsername('colleague'), password: GOOD_PASSWORD, role: 'staff' })
    .expect(201);
  const links = (await staff.get(`/api/admin/clients/${a.client.id}/links`).expect(200))
    .body as Array<{ id: string }>;
  const devices = (await staff.get(`/api/admin/clients/${a.client.id}/devices`).expect(200))
    .body as Array<{ id: string }>;
  // No mail left to send later: sending it then would change a seeded row.
  await outboxDrained(dataSource);
  return {
    clientId: [a.client.id],
    taskId: a.tasks.map((t) => t.id),
    requestId: a.tasks.flatMap((t) => t.requests.map((r) => r.id)),
    documentId: [a.documentId],
    linkId: links.map((l) => l.id),
    deviceId: devices.map((d) => d.id),
  };
}

export async function fuzzIdentities(
  http: Server,
): Promise<{ identities: Identity[]; own: IdPool['own'] }> {
  const admin = { username: uniqueUsername('fuzzadmin'), password: GOOD_PASSWORD };
  await (
    await StaffApi.signIn(http)
  )
    .post('/api/admin/staff')
    .send({ ...admin, role: 'admin' })
    .expect(201);
  const staffIdentity: Identity = { name: 'staff', headers: {} };
  staffIdentity.refresh = async () => {
    const res = await request(http)
      .post('/api/staff/login')
      .set('X-Forwarded-For', freshAddress())
      .send(admin)
      .expect(200);
    staffIdentity.headers = { authorization: `Bearer ${(res.body as { token: string }).token}` };
  };
  await staffIdentity.refresh();
  const staff = new StaffApi(http, staffIdentity.headers.authorization.slice('Bearer '.length));

  const f = await clientWithTasks(staff, 'Fuzz');
  const username = uniqueUsername('fuzz');
  await f.device
    .post('/api/account')
    .send({ email: f.client.email, username, password: GOOD_PASSWORD })
    .expect(201);
  const xhr = { 'x-requested-with': 'XMLHttpRequest' };
  const device: Identity = { name: 'device', headers: { cookie: f.deviceCookie, ...xhr } };
  const login: Identity = { name: 'login', headers: {} };
  login.refresh = async () => {
    const res = await browserAgent(http)
      .post('/api/account/login')
      .set('X-Forwarded-For', freshAddress())
      .send({ username, password: GOOD_PASSWORD })
      .expect(200);
    login.headers = { cookie: cookieOf(res, 'cp_session'), ...xhr };
  };
  await login.refresh();

  const p = await pinDispatch(staff);
  const pin: Identity = { name: 'pin', headers: {} };
  pin.refresh = async () => {
    const res = await browserAgent(http)
      .post('/api/pin/sessions')
      .set('X-Forwarded-For', freshAddress())
      .send({ reference: p.reference, pin: p.pin })
      .expect(200);
    pin.headers = { cookie: cookieOf(res, 'cp_session'), ...xhr };
  };
  await pin.refresh();

  const own: IdPool['own'] = {
    clientId: [f.client.id, p.client.id],
    taskId: [...f.tasks.map((t) => t.id), p.task.id],
    requestId: [...f.tasks, p.task].flatMap((t) => t.requests.map((r) => r.id)),
    documentId: [f.documentId],
    [`documentId@${f.tasks[0].id}`]: [f.documentId],
  };
  for (const client of [f.client, p.client]) {
    own[`taskId@${client.id}`] = (client === f.client ? f.tasks : [p.task]).map((t) => t.id);
  }
  for (const task of [...f.tasks, p.task]) {
    own[`requestId@${task.id}`] = task.requests.map((r) => r.id);
  }
  return {
    identities: [{ name: 'anonymous', headers: {} }, staffIdentity, device, login, pin],
    own,
  };
}

/**
 * Signing the fuzzing identities in again must not be refused because the fuzz's own wrong
 * guesses used up the per-address sign-in limit of 127.0.0.1: each sign-in comes from its own
 * documentation address (TRUST_PROXY trusts loopback's X-Forwarded-For).
 */
let addresses = 0;
function freshAddress(): string {
  addresses++;
  return `198.51.${100 + Math.floor(addresses / 250)}.${(addresses % 250) + 1}`;
}

/** "name=value" of the cookie a response set. */
function cookieOf(res: request.Response, name: string): string {
  const raw = name === 'cp_session' ? sessionCookie(res) : findCookie(res, name);
  return raw.split(';')[0];
}

function findCookie(res: request.Response, name: string): string {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const found = cookies.find((c) => c.startsWith(`${name}=`) || c.startsWith(`__Host-${name}=`));
  if (!found) throw new Error(`No ${name} cookie in ${JSON.stringify(cookies)}`);
  return found;
}
