// Staff withdrawing a link withdraw its whole dispatch (issue 9): every other link of the same
// dispatch (the dispatch link, access links sent from it, used or not) is refused as withdrawn,
// none can ask for a fresh access link, and every device loses the dispatch's tasks at once.
// Another dispatch of the same client is untouched.
import type { AdminLinkView, ClientView, TaskListResponse } from '@app/contracts';
import { DataSource } from 'typeorm';
import { Clock } from '../../apps/api/src/common/clock';
import { browserAgent, linkFromMail, StaffApi } from '../factories/staff-api';
import { createTestApp, TEST_PUBLIC_URL, TestApp } from '../support/app';
import { extractLink, waitForMail } from '../support/mail';

const PAST_THROTTLE = 61_000;

describe('withdrawing a link withdraws its dispatch', () => {
  let t: TestApp;
  let clock: Clock;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp({ ACCESS_LINK_MAX_PER_ADDRESS_PER_HOUR: '1000' });
    clock = t.app.get(Clock);
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const links = async (staff: StaffApi, clientId: string): Promise<AdminLinkView[]> =>
    (await staff.get(`/api/admin/clients/${clientId}/links`).expect(200)).body as AdminLinkView[];

  // Issue 14: an access link works only in the browser that asked for it.
  async function askForAccessLink(
    token: string,
    email: string,
    asker = browserAgent(t.http),
  ): Promise<string> {
    const asked = Date.now();
    await asker.post('/api/links/access-link').send({ token }).expect(202);
    return (await linkFromMail(email, 'new access link', asked)).token;
  }

  async function secondDispatch(staff: StaffApi, client: ClientView) {
    const task = await staff.createTask(client.id, { title: 'Renewal: unrelated' });
    const sent = Date.now();
    await staff.dispatch(client.id, [task.id]);
    const mail = await waitForMail({
      to: client.email,
      subjectIncludes: 'to complete',
      after: sent,
    });
    return { task, token: extractLink(mail, TEST_PUBLIC_URL).token };
  }

  /** Every way a token could still give access: status, redeem, Send Access Link. */
  async function expectWithdrawn(token: string): Promise<void> {
    const browser = browserAgent(t.http);
    const status = await browser.post('/api/links/status').send({ token }).expect(200);
    expect(status.body).toMatchObject({ state: 'withdrawn' });
    expect(status.body.taskCount).toBeUndefined();
    const redeem = await browser.post('/api/links/redeem').send({ token }).expect(403);
    expect(redeem.body).toMatchObject({ error: 'link_withdrawn' });
    expect(redeem.body.message).toMatch(/withdrawn/);
    const send = await browser.post('/api/links/access-link').send({ token }).expect(403);
    expect(send.body).toMatchObject({ error: 'link_withdrawn' });
  }

  const accessLinks = async (dispatchId: string): Promise<number> =>
    Number(
      (
        await db.query(
          "SELECT COUNT(*) AS n FROM links WHERE kind = 'access' AND dispatch_id = ?",
          [dispatchId],
        )
      )[0].n,
    );

  it('withdrawing the used dispatch link ends the access link redeemed from it and refuses the pending one; another dispatch still works', async () => {
    const staff = await StaffApi.signIn(t.http);
    const { client, task, token: dispatchToken } = await staff.dispatchedLink();
    const phone = browserAgent(t.http);
    await phone.post('/api/links/redeem').send({ token: dispatchToken }).expect(200);
    const [dispatchLink] = await links(staff, client.id);
    const dispatchId = dispatchLink.dispatchId;

    // The laptop moves the tasks to itself with an access link; a later access link stays unused.
    const laptop = browserAgent(t.http);
    const redeemedAccess = await askForAccessLink(dispatchToken, client.email, laptop);
    await laptop.post('/api/links/redeem').send({ token: redeemedAccess }).expect(200);
    clock.advance(PAST_THROTTLE);
    const pendingAccess = await askForAccessLink(dispatchToken, client.email);

    // An unrelated dispatch of the same client, on a tablet.
    const tablet = browserAgent(t.http);
    const other = await secondDispatch(staff, client);
    await tablet.post('/api/links/redeem').send({ token: other.token }).expect(200);

    expect(
      (await links(staff, client.id))
        .filter((l) => l.dispatchId === dispatchId)
        .map((l) => `${l.kind}:${l.state}`)
        .sort(),
    ).toEqual(['access:ready', 'access:used', 'dispatch:used']);
    await staff.post(`/api/admin/clients/${client.id}/links/${dispatchLink.id}/revoke`).expect(204);

    // The redeemed access link's device lost the tasks; the phone had already lost them.
    await laptop.get('/api/me/tasks').expect(401);
    await phone.get('/api/me/tasks').expect(401);
    const accessBefore = await accessLinks(dispatchId);
    clock.advance(PAST_THROTTLE);
    for (const token of [dispatchToken, redeemedAccess, pendingAccess])
      await expectWithdrawn(token);
    expect(await accessLinks(dispatchId)).toBe(accessBefore);

    // Staff see every link of the dispatch withdrawn, the other dispatch's link still used.
    const after = await links(staff, client.id);
    expect(after.filter((l) => l.dispatchId === dispatchId).map((l) => l.state)).toEqual([
      'withdrawn',
      'withdrawn',
      'withdrawn',
    ]);
    expect(after.filter((l) => l.dispatchId !== dispatchId).map((l) => l.state)).toEqual(['used']);

    // The unrelated dispatch is unaffected: its device keeps its task (only it), and its link
    // still offers Send Access Link.
    const tabletTasks = (await tablet.get('/api/me/tasks').expect(200)).body as TaskListResponse;
    expect(tabletTasks.open.map((x) => x.id)).toEqual([other.task.id]);
    expect(tabletTasks.open.map((x) => x.id)).not.toContain(task.id);
    const otherStatus = await browserAgent(t.http)
      .post('/api/links/status')
      .send({ token: other.token })
      .expect(200);
    expect(otherStatus.body.state).toBe('declined');
    await askForAccessLink(other.token, client.email);

    const audit = (
      await staff.get(`/api/admin/audit?clientId=${client.id}&type=link.revoked`).expect(200)
    ).body as { total: number };
    expect(audit.total).toBe(1);
  });

  it('withdrawing an unused access link also refuses the dispatch link it came from, and its device loses the tasks', async () => {
    const staff = await StaffApi.signIn(t.http);
    const { client, token: dispatchToken } = await staff.dispatchedLink();
    const phone = browserAgent(t.http);
    await phone.post('/api/links/redeem').send({ token: dispatchToken }).expect(200);
    const access = await askForAccessLink(dispatchToken, client.email);

    const [accessLink] = (await links(staff, client.id)).filter((l) => l.kind === 'access');
    await staff.post(`/api/admin/clients/${client.id}/links/${accessLink.id}/revoke`).expect(204);

    await phone.get('/api/me/tasks').expect(401);
    clock.advance(PAST_THROTTLE);
    await expectWithdrawn(dispatchToken);
    await expectWithdrawn(access);
    expect((await links(staff, client.id)).map((l) => l.state)).toEqual(['withdrawn', 'withdrawn']);
    // Withdrawing again is harmless.
    await staff.post(`/api/admin/clients/${client.id}/links/${accessLink.id}/revoke`).expect(204);
  });

  it('a Send Access Link racing the withdrawal never leaves a working link behind', async () => {
    const staff = await StaffApi.signIn(t.http);
    for (let round = 0; round < 3; round++) {
      const { client, token } = await staff.dispatchedLink();
      await browserAgent(t.http).post('/api/links/redeem').send({ token }).expect(200);
      const [link] = await links(staff, client.id);
      const asked = Date.now();
      const [send] = await Promise.all([
        browserAgent(t.http).post('/api/links/access-link').send({ token }),
        staff.post(`/api/admin/clients/${client.id}/links/${link.id}/revoke`).expect(204),
      ]);
      expect([202, 403]).toContain(send.status);
      const states = (await links(staff, client.id)).map((l) => l.state);
      expect(states.every((s) => s === 'withdrawn')).toBe(true);
      if (send.status === 202) {
        const mailed = await linkFromMail(client.email, 'new access link', asked);
        await expectWithdrawn(mailed.token);
      }
    }
  });
});
