// Issue 15 item 2: a named subset of the API e2e behaviours, every request through HAProxy, so
// consecutive requests of one browser land on different instances (and so different Galera
// nodes): dispatch → mail → redeem → tasks → answers (dispatch-to-client, client-completes-a-
// task), Send Access Link (access-links), legacy PIN (legacy-pin), login (client-login), a
// document uploaded through one instance and downloaded through the others (storage-s3).
import request from 'supertest';
import type { TaskDetail, TaskListResponse } from '@app/contracts';
import {
  createLogin,
  pinDispatch,
  signedInBrowser,
  trustedBrowser,
} from '../factories/account-api';
import { pdfBytes, requestOf, upload } from '../factories/client-api';
import { browserAgent, linkFromMail, StaffApi } from '../factories/staff-api';
import { clusterState, proxy, servedBy, spread } from './cluster-env';
import { queryNode } from './harness';

const INSTANCES = ['api1', 'api2', 'api3'];

/** Asks the same thing six times: every answer 200, and all three instances gave some. */
async function everyInstanceAgrees(ask: () => request.Test): Promise<request.Response[]> {
  const answers: request.Response[] = [];
  for (let i = 0; i < 6; i++) answers.push(await ask().expect(200));
  expect(Object.keys(spread(answers)).sort()).toEqual(INSTANCES);
  return answers;
}

describe('the API through HAProxy on three instances and three Galera nodes', () => {
  let staff: StaffApi;
  beforeAll(async () => {
    staff = await StaffApi.signIn(proxy());
  });

  it('health: every instance answers through the proxy, each on its own node', async () => {
    await everyInstanceAgrees(() => request(proxy()).get('/api/health'));
    const state = clusterState();
    const names: string[] = [];
    for (const node of state.nodes) {
      const [row] = await queryNode<{ name: string; size: string }>(
        state,
        node.index,
        "SELECT @@wsrep_node_name AS name, (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_CLUSTER_SIZE') AS size",
      );
      expect(row.size).toBe('3');
      names.push(row.name);
    }
    expect(names).toEqual(['n1', 'n2', 'n3']);
    for (const api of state.apis) {
      expect(api.env.DATABASE_URL).toContain(`:${state.nodes[api.node - 1].sqlPort}/`);
    }
  });

  it('a staff token issued by one instance is honoured by every other', async () => {
    await everyInstanceAgrees(() => staff.get('/api/admin/clients?limit=1'));
  });

  it('dispatch → mail → redeem → the trusted device reads and completes its task on every instance', async () => {
    const trusted = await trustedBrowser(proxy(), staff);
    const list = await everyInstanceAgrees(() => trusted.agent.get('/api/me/tasks'));
    expect((list[0].body as TaskListResponse).open.map((t) => t.id)).toEqual([trusted.task.id]);

    const task = (await trusted.agent.get(`/api/me/tasks/${trusted.task.id}`).expect(200))
      .body as TaskDetail;
    const served: string[] = [];
    const question = requestOf(task, 'question');
    const confirmation = requestOf(task, 'confirmation');
    served.push(
      servedBy(
        await trusted.agent
          .post(`/api/me/tasks/${task.id}/requests/${question}/submit`)
          .send({ text: 'Shoes and hats.' })
          .expect(200),
      ),
    );
    served.push(
      servedBy(
        await trusted.agent
          .post(`/api/me/tasks/${task.id}/requests/${confirmation}/submit`)
          .send({ decision: 'approved' })
          .expect(200),
      ),
    );
    expect(served).toHaveLength(2);
    const done = await everyInstanceAgrees(() =>
      trusted.agent.get(`/api/me/tasks/${trusted.task.id}`),
    );
    expect((done[0].body as TaskDetail).status).toBe('completed');
    // The rows are on every node.
    const state = clusterState();
    for (const node of state.nodes) {
      const rows = await queryNode<{ status: string }>(
        state,
        node.index,
        'SELECT status FROM tasks WHERE id = ?',
        [task.id],
      );
      expect(rows).toEqual([{ status: 'completed' }]);
    }
  });

  it('Send Access Link from a declined device moves the tasks; the old device is refused on every instance', async () => {
    const { client, task, token } = await staff.dispatchedLink();
    const first = browserAgent(proxy());
    await first.post('/api/links/redeem').send({ token }).expect(200);
    const second = browserAgent(proxy());
    await second.post('/api/links/redeem').send({ token }).expect(403);
    const sentAfter = Date.now();
    await second.post('/api/links/access-link').send({ token }).expect(202);
    const access = await linkFromMail(client.email, 'new access link', sentAfter - 1000);
    await second.post('/api/links/redeem').send({ token: access.token }).expect(200);
    const list = await everyInstanceAgrees(() => second.get('/api/me/tasks'));
    expect((list[0].body as TaskListResponse).open.map((t) => t.id)).toEqual([task.id]);
    const refused: request.Response[] = [];
    for (let i = 0; i < 6; i++) refused.push(await first.get('/api/me/tasks').expect(401));
    expect(Object.keys(spread(refused)).sort()).toEqual(INSTANCES);
  });

  it('legacy PIN: the mailed reference and PIN open a session every instance honours', async () => {
    const legacy = await pinDispatch(staff);
    const agent = browserAgent(proxy());
    await agent
      .post('/api/pin/sessions')
      .send({ reference: legacy.reference, pin: legacy.pin })
      .expect(200);
    const list = await everyInstanceAgrees(() => agent.get('/api/me/tasks'));
    expect((list[0].body as TaskListResponse).open.map((t) => t.id)).toEqual([legacy.task.id]);
  });

  it('a login created through one instance signs in through another; the session holds on all', async () => {
    const trusted = await trustedBrowser(proxy(), staff);
    const account = await createLogin(trusted);
    const browser = await signedInBrowser(proxy(), account);
    const me = await everyInstanceAgrees(() => browser.get('/api/account/me'));
    expect(me[0].body).toMatchObject({ via: 'account' });
    await browser.post('/api/account/logout').expect((res) => expect(res.status).toBeLessThan(300));
    for (let i = 0; i < 3; i++) await browser.get('/api/me/tasks').expect(401);
  });

  it('a document uploaded through one instance downloads through every instance (shared S3)', async () => {
    const client = await staff.createClient();
    const created = await staff.createTask(client.id, {
      requests: [{ kind: 'document', prompt: 'Your logo, please.' }],
    });
    const sentAfter = Date.now();
    await staff.dispatch(client.id, [created.id]);
    const { token } = await linkFromMail(client.email, 'to complete', sentAfter - 1000);
    const device = browserAgent(proxy());
    await device.post('/api/links/redeem').send({ token }).expect(200);
    const content = pdfBytes(300 * 1024);
    const res = await upload(
      device,
      `/api/me/tasks/${created.id}/requests/${requestOf(created, 'document')}/documents`,
      { content, filename: 'Logo.pdf' },
    ).expect(201);
    const doc = res.body as { id: string };
    const copies = await everyInstanceAgrees(() =>
      device
        .get(`/api/me/tasks/${created.id}/documents/${doc.id}`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        }),
    );
    for (const copy of copies) expect(Buffer.compare(copy.body as Buffer, content)).toBe(0);
  });
});
