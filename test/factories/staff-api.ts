// Staff-side helpers for API e2e specs: everything goes through the real admin endpoints.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import type { ClientView, CreateTaskRequest, DispatchView, TaskDetail } from '@app/contracts';
import { TEST_ADMIN, TEST_PUBLIC_URL } from '../support/app';
import { extractLink, waitForMail } from '../support/mail';

export function uniqueEmail(label = 'client'): string {
  return `${label}.${randomBytes(5).toString('hex')}@example.com`;
}

export async function staffToken(http: Server): Promise<string> {
  const res = await request(http).post('/api/staff/login').send(TEST_ADMIN).expect(200);
  return (res.body as { token: string }).token;
}

export class StaffApi {
  constructor(
    readonly http: Server,
    readonly token: string,
  ) {}

  static async signIn(http: Server): Promise<StaffApi> {
    return new StaffApi(http, await staffToken(http));
  }

  post(path: string): request.Test {
    return request(this.http).post(path).set('Authorization', `Bearer ${this.token}`);
  }

  get(path: string): request.Test {
    return request(this.http).get(path).set('Authorization', `Bearer ${this.token}`);
  }

  async createClient(email = uniqueEmail(), name = 'Jane Client'): Promise<ClientView> {
    return (await this.post('/api/admin/clients').send({ email, name }).expect(201))
      .body as ClientView;
  }

  async createTask(clientId: string, task: Partial<CreateTaskRequest> = {}): Promise<TaskDetail> {
    const body: CreateTaskRequest = {
      title: 'Trademark filing: ACME',
      requests: [
        { kind: 'question', prompt: 'Which goods will you sell?' },
        { kind: 'confirmation', prompt: 'Confirm the applicant address.' },
      ],
      ...task,
    };
    return (await this.post(`/api/admin/clients/${clientId}/tasks`).send(body).expect(201))
      .body as TaskDetail;
  }

  async dispatch(clientId: string, taskIds: string[]): Promise<DispatchView> {
    return (
      await this.post(`/api/admin/clients/${clientId}/dispatches`).send({ taskIds }).expect(201)
    ).body as DispatchView;
  }

  /** A client with one task, dispatched; the token is read out of the real e-mail. */
  async dispatchedLink(
    email = uniqueEmail(),
  ): Promise<{ client: ClientView; task: TaskDetail; token: string; url: string }> {
    const client = await this.createClient(email);
    const task = await this.createTask(client.id);
    const sentAfter = Date.now();
    await this.dispatch(client.id, [task.id]);
    const mail = await waitForMail({ to: client.email, after: sentAfter - 1000 });
    return { client, task, ...extractLink(mail, TEST_PUBLIC_URL) };
  }
}

/**
 * A browser on the client side: keeps cookies like a browser and sends the header the portal's
 * HTTP interceptor sends on every API call (the CSRF defence requires it with cookies).
 */
export function browserAgent(http: Server): request.Agent {
  return request.agent(http).set('X-Requested-With', 'XMLHttpRequest');
}

/** The newest mail to `to` whose subject includes `subject`, sent after `after`; its link. */
export async function linkFromMail(
  to: string,
  subject: string,
  after: number,
): Promise<{ token: string; url: string }> {
  const mail = await waitForMail({ to, subjectIncludes: subject, after });
  return extractLink(mail, TEST_PUBLIC_URL);
}
