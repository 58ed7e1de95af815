// Login and PIN helpers for API e2e specs: trusted devices, logins and PIN dispatches, all
// through the real endpoints and the real e-mail.
import type { Server } from 'node:http';
import type request from 'supertest';
import type { ClientView, TaskDetail } from '@app/contracts';
import { extractLink, waitForMail } from '../support/mail';
import { browserAgent, StaffApi, uniqueEmail } from './staff-api';

export const GOOD_PASSWORD = 'correct horse battery staple 42';

export interface TrustedBrowser {
  agent: request.Agent;
  client: ClientView;
  task: TaskDetail;
}

/** A client with one dispatched task, and a browser that redeemed its link. */
export async function trustedBrowser(http: Server, staff: StaffApi): Promise<TrustedBrowser> {
  const { client, task, token } = await staff.dispatchedLink();
  const agent = browserAgent(http);
  await agent.post('/api/links/redeem').send({ token }).expect(200);
  return { agent, client, task };
}

export function uniqueUsername(label = 'user'): string {
  return `${label}.${Math.random().toString(36).slice(2, 10)}`;
}

/** Creates a login from a trusted browser; that browser is then signed in with it. */
export async function createLogin(
  trusted: TrustedBrowser,
  username = uniqueUsername(),
  password = GOOD_PASSWORD,
): Promise<{ username: string; password: string }> {
  await trusted.agent
    .post('/api/account')
    .send({ email: trusted.client.email, username, password })
    .expect(201);
  return { username, password };
}

/** A new browser signed in with a username and password. */
export async function signedInBrowser(
  http: Server,
  credentials: { username: string; password: string },
): Promise<request.Agent> {
  const agent = browserAgent(http);
  await agent.post('/api/account/login').send(credentials).expect(200);
  return agent;
}

/** The session cookie ("cp_session=…; HttpOnly; …") a response set. */
export function sessionCookie(res: request.Response): string {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const found = cookies.find((c) => /^(__Host-)?cp_session=/.test(c));
  if (!found) throw new Error(`No cp_session cookie in ${JSON.stringify(cookies)}`);
  return found;
}

export interface PinDispatch {
  client: ClientView;
  task: TaskDetail;
  reference: string;
  pin: string;
}

/** A client not yet portal-enabled, one task dispatched to them: it goes out with a PIN. */
export async function pinDispatch(staff: StaffApi): Promise<PinDispatch> {
  const client = (
    await staff
      .post('/api/admin/clients')
      .send({
        email: uniqueEmail('legacy'),
        name: 'Lee Gacy',
        portalEnabledFrom: '2099-01-01T00:00:00Z',
      })
      .expect(201)
  ).body as ClientView;
  const task = await staff.createTask(client.id);
  const sentAfter = Date.now();
  const dispatch = await staff.dispatch(client.id, [task.id]);
  if (dispatch.mode !== 'pin') throw new Error(`expected a PIN dispatch, got ${dispatch.mode}`);
  const mail = await waitForMail({ to: client.email, after: sentAfter - 1000 });
  return { client, task, reference: task.reference, pin: extractPin(mail.text) };
}

export function extractPin(text: string): string {
  const found = /Your PIN: (\d{6,})/.exec(text);
  if (!found) throw new Error(`No PIN in mail:\n${text}`);
  return found[1];
}

export { extractLink };
