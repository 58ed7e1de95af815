// Issue 15 item 4, reminders: the daily digest job (lease 'reminder-digests', one row per client
// and firm day in reminder_digests) runs once per tick across the three instances. The instances
// are restarted on a database of this spec's own with the test clock (TEST_CLOCK=true), business
// hours all day every day and a tick every minute (REMINDER_INTERVAL_MINUTES=1, the least); N
// clients get a task due CLUSTER_REMINDER_DAYS firm days ahead with its own schedule (a reminder
// every day before it and on the day), dispatched through HAProxy; then the three clocks move one
// firm day at a time, each day held until every instance has ticked on it (an interval and a
// margin, real time: the job's timer is real time, only its "now" is the test clock). Checked
// every day and at the end: one digest row per client and day on every node, one digest e-mail
// per client and day in the catcher, the lease row the same on every node, and which instances
// claimed a tick (the lease's holder names the process). Afterwards the instances run their own
// database and env again (clock back at zero), so the later specs see the cluster as before.
// CLUSTER_REMINDER_DAYS (default 2; 0 skips the spec: each firm day costs a minute of real time).
import { randomBytes } from 'node:crypto';
import type { ClientView } from '@app/contracts';
import { addDays, localDate } from '../../apps/api/src/common/firm-time';
import { StaffApi, uniqueEmail } from '../factories/staff-api';
import { allMails } from '../support/mail';
import { isDigest, NEW_YORK, nyTime } from '../api/reminders-helpers';
import { clusterState, envInt, inParallel, proxy, servedBy, stateFile } from './cluster-env';
import { type ClusterState, queryNode, rootSql, startInstances, stopInstances } from './harness';

const DAYS = Number(process.env.CLUSTER_REMINDER_DAYS ?? 2);
const CLIENTS = envInt('CLUSTER_REMINDER_CLIENTS', 12);
const INTERVAL_MS = 60_000;
/** How long past a full interval a day is held, so that a late timer still fires on it. */
const MARGIN_MS = 8_000;
const DAY_MS = 86_400_000;

interface Claim {
  slot: number;
  holder: string;
  instance: string;
  day: string;
  /** When this spec first saw it (real time). */
  seenAt: number;
}

const describeIf = Number.isInteger(DAYS) && DAYS > 0 ? describe : describe.skip;

describeIf('reminder digests run once across the cluster', () => {
  const database = `app_reminders_${randomBytes(4).toString('hex')}`;
  let state: ClusterState;
  let staff: StaffApi;
  let restarted = false;
  const clients: ClientView[] = [];
  const claims: Claim[] = [];
  /** The firm date the tasks were sent on; reminder days are the DAYS after it. */
  let sentOn = '';

  const q = <T>(node: number, sql: string, params: unknown[] = []) =>
    queryNode<T>(state, node, sql.replaceAll('{db}', database), params);

  /** Moves the clock of all three instances (directly, not through HAProxy) and checks they agree. */
  const advanceClocks = async (ms: number): Promise<Date> => {
    const answers = await Promise.all(
      state.apis.map(async (api) => {
        const res = await fetch(`${api.url}/api/test/clock/advance`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ms }),
        });
        expect(res.status).toBe(200);
        return (await res.json()) as { now: string; offsetMs: number };
      }),
    );
    expect(new Set(answers.map((a) => a.offsetMs)).size).toBe(1);
    return new Date(answers[0].now);
  };

  const instanceNow = async (): Promise<Date> => {
    const res = await fetch(`${state.apis[0].url}/api/test/clock`);
    return new Date(((await res.json()) as { now: string }).now);
  };

  const waitFor = async <T>(what: string, probe: () => Promise<T | null>, ms: number) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value !== null) return value;
      if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  /** Waits until the outbox has sent everything (before the clocks jump past a send's lease). */
  const drainOutbox = () =>
    waitFor(
      'the outbox to drain',
      async () => {
        const [row] = await q<{ n: number | string }>(
          1,
          "SELECT COUNT(*) AS n FROM {db}.mail_outbox WHERE status <> 'sent'",
        );
        return Number(row.n) === 0 ? true : null;
      },
      60_000,
    );

  /**
   * The lease row as node 1 sees it, recorded as a claim when it moved; the slot is the minute
   * of the claimer's clock, so it tells the firm day the claim was made on.
   */
  const pollLease = async (): Promise<void> => {
    const [row] = await q<{ last_slot: string; holder: string | null }>(
      1,
      "SELECT last_slot, holder FROM {db}.job_leases WHERE name = 'reminder-digests'",
    );
    if (!row?.holder) return;
    const slot = Number(row.last_slot);
    if (claims.at(-1)?.slot === slot) return;
    const pid = Number(row.holder.split(':')[1]);
    const instance = state.apis.find((api) => api.pid === pid)?.name ?? `unknown(${row.holder})`;
    const day = localDate(new Date(slot * INTERVAL_MS), NEW_YORK);
    claims.push({ slot, holder: row.holder, instance, day, seenAt: Date.now() });
  };

  const digestMailsPerClient = async (): Promise<number[]> => {
    const mails = (await allMails()).filter(isDigest);
    return clients.map((c) => mails.filter((m) => m.to.includes(c.email.toLowerCase())).length);
  };

  beforeAll(async () => {
    state = clusterState();
    const appUser = new URL(
      (state.apis[0].baseEnv ?? state.apis[0].env).DATABASE_URL.replace(/^mariadb:/, 'mysql:'),
    );
    await rootSql(state, [
      `CREATE DATABASE ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      ...['127.0.0.1', 'localhost'].map(
        (host) => `GRANT ALL ON ${database}.* TO '${appUser.username}'@'${host}'`,
      ),
    ]);
    const envs = state.apis.map((api) => {
      const base = api.baseEnv ?? api.env;
      return {
        ...base,
        DATABASE_URL: base.DATABASE_URL.replace(/\/app$/, `/${database}`),
        TEST_CLOCK: 'true',
        FIRM_TIME_ZONE: NEW_YORK,
        FIRM_BUSINESS_HOURS: '00:00-24:00',
        FIRM_BUSINESS_DAYS: 'mon-sun',
        REMINDERS_ENABLED: 'true',
        REMINDER_INTERVAL_MINUTES: String(INTERVAL_MS / 60_000),
        // Only the tasks' own schedule: no "link never opened" reminder on top.
        REMINDER_UNOPENED_LINK_DAYS: '0',
      };
    });
    restarted = true;
    await stopInstances(stateFile());
    await startInstances(stateFile(), envs);
    state = clusterState();

    // 10:00 in New York on the next firm day: every date below is a firm date.
    const now = await instanceNow();
    sentOn = addDays(localDate(now, NEW_YORK), 1);
    await advanceClocks(nyTime(sentOn, '10:00').getTime() - now.getTime());
    // Signed in on the moved clock (a session from before the jump would have expired).
    staff = await StaffApi.signIn(proxy());

    const dueDate = addDays(sentOn, DAYS);
    const daysBefore = Array.from({ length: DAYS - 1 }, (_, i) => i + 1);
    const createdBy: Record<string, number> = {};
    const made = await inParallel(
      Array.from({ length: CLIENTS }, (_, i) => i),
      6,
      async (i) => {
        const client = await staff.createClient(uniqueEmail(`remind${i}`), `Reminded ${i}`);
        const res = await staff
          .post(`/api/admin/clients/${client.id}/tasks`)
          .send({
            title: `Renewal ${i}`,
            requests: [{ kind: 'confirmation', prompt: 'Confirm the owner.' }],
            dueDate,
            // The task's own schedule (firm default: 3 days before): every day up to the due date.
            reminders: { daysBefore, onDueDate: true, max: DAYS },
          })
          .expect(201);
        createdBy[servedBy(res)] = (createdBy[servedBy(res)] ?? 0) + 1;
        await staff.dispatch(client.id, [(res.body as { id: string }).id]);
        return client;
      },
    );
    clients.push(...made);
    expect(Object.keys(createdBy).sort()).toEqual(['api1', 'api2', 'api3']);
    await drainOutbox();
  });

  afterAll(async () => {
    if (!restarted) return;
    // The instances back on the cluster's own database and env, their clocks at zero.
    await stopInstances(stateFile());
    const current = clusterState();
    await startInstances(
      stateFile(),
      current.apis.map((api) => api.baseEnv ?? api.env),
    );
    await rootSql(current, [`DROP DATABASE IF EXISTS ${database}`]);
  });

  it(`${DAYS} firm days, every instance ticking on each: one digest per client and day`, async () => {
    const started = Date.now();
    for (let d = 1; d <= DAYS; d++) {
      const day = addDays(sentOn, d);
      await drainOutbox();
      const trigger = claims.at(-1);
      if (d > 1 && trigger) {
        // The instance that just claimed a tick (on the day before) reads its clock again when
        // its pass starts: a moment, so that the pass is not on the new day under the old claim.
        await waitFor(
          'the last claim to be a second old',
          () => Promise.resolve(Date.now() - trigger.seenAt >= 1_000 ? true : null),
          5_000,
        );
      }
      const at = await advanceClocks(DAY_MS);
      expect(localDate(at, NEW_YORK)).toBe(day);
      const moved = Date.now();
      const held = moved + INTERVAL_MS + MARGIN_MS;
      // Held until every instance's timer has fired at least once on this day (the first claims
      // the tick and runs it; the others find the slot taken, or claim a later slot and find
      // nothing left to do) and every client has its row for the day. Before the next day, held
      // until a claim made after that: its instance will not tick again for an interval, so the
      // next day's tick goes to another instance (more than one instance runs the job).
      await waitFor(
        `every instance to tick on ${day} and every client's digest row`,
        async () => {
          await pollLease();
          const [row] = await q<{ n: number | string }>(
            1,
            'SELECT COUNT(*) AS n FROM {db}.reminder_digests WHERE local_date = ?',
            [day],
          );
          const ticked = Date.now() >= held;
          const handOver = d === DAYS || (claims.at(-1)?.seenAt ?? 0) >= held;
          return Number(row.n) >= CLIENTS && ticked && handOver ? true : null;
        },
        INTERVAL_MS * 4,
      );
      await drainOutbox();
      // Exactly d digest mails per client so far: one for each day.
      await waitFor(
        `one digest mail per client for ${day}`,
        async () => ((await digestMailsPerClient()).every((n) => n >= d) ? true : null),
        30_000,
      );
      expect(await digestMailsPerClient()).toEqual(clients.map(() => d));
      expect(claims.filter((c) => c.day === day).length).toBeGreaterThanOrEqual(1);
    }
    const tookS = (Date.now() - started) / 1000;
    await pollLease();

    const days = Array.from({ length: DAYS }, (_, i) => addDays(sentOn, i + 1));
    const ids = clients.map((c) => c.id);
    const marks = ids.map(() => '?').join(',');
    for (const node of state.nodes) {
      // One row per client and day (the unique key), a "sent" one on each reminder day.
      const rows = await q<{
        client_id: string;
        local_date: string;
        outcome: string;
        n: number | string;
      }>(
        node.index,
        `SELECT client_id, local_date, outcome, COUNT(*) AS n FROM {db}.reminder_digests
          WHERE client_id IN (${marks}) GROUP BY client_id, local_date, outcome`,
        ids,
      );
      expect(rows.filter((r) => Number(r.n) !== 1)).toEqual([]);
      const sent = rows.filter((r) => r.outcome === 'sent' && days.includes(r.local_date));
      expect(sent).toHaveLength(CLIENTS * DAYS);
      // Nothing but 'none' rows on any other day (the day the tasks went out, if a tick saw it).
      expect(rows.filter((r) => r.outcome === 'sent' && !days.includes(r.local_date))).toEqual([]);
      // One reminder per task and day, and its audit events once.
      const [reminders] = await q<{ n: number | string; pairs: number | string }>(
        node.index,
        `SELECT COUNT(*) AS n, COUNT(DISTINCT task_id, local_date) AS pairs FROM {db}.reminders
          WHERE client_id IN (${marks}) AND outcome = 'sent'`,
        ids,
      );
      expect([Number(reminders.n), Number(reminders.pairs)]).toEqual([
        CLIENTS * DAYS,
        CLIENTS * DAYS,
      ]);
      const [audits] = await q<{ n: number | string }>(
        node.index,
        "SELECT COUNT(*) AS n FROM {db}.audit_events WHERE type = 'reminder.digest_sent'",
      );
      expect(Number(audits.n)).toBe(CLIENTS * DAYS);
      // The lease row agrees on every node, at the last claim seen.
      const leases = await q<{ name: string; last_slot: string; holder: string }>(
        node.index,
        "SELECT name, last_slot, holder FROM {db}.job_leases WHERE name = 'reminder-digests'",
      );
      expect(leases).toHaveLength(1);
      expect(Number(leases[0].last_slot)).toBe(claims.at(-1)?.slot);
    }
    // In the catcher: one digest per client and reminder day, none twice, nothing else.
    const mails = (await allMails()).filter(isDigest);
    const ours = mails.filter((m) => clients.some((c) => m.to.includes(c.email.toLowerCase())));
    expect(ours).toHaveLength(CLIENTS * DAYS);
    expect(new Set(ours.map((m) => m.messageId)).size).toBe(CLIENTS * DAYS);
    expect(claims.every((c) => !c.instance.startsWith('unknown'))).toBe(true);
    // The job ran on more than one instance (each day's first tick claimed by whichever came).
    if (DAYS > 1) expect(new Set(claims.map((c) => c.instance)).size).toBeGreaterThan(1);

    const byInstance: Record<string, number> = {};
    for (const c of claims) byInstance[c.instance] = (byInstance[c.instance] ?? 0) + 1;
    process.stdout.write(
      `[cluster] reminders: ${CLIENTS} clients × ${DAYS} firm days (${days.join(', ')}) in ` +
        `${tookS.toFixed(0)} s: ${ours.length} digest mails, 0 duplicates; ticks claimed ` +
        `${claims.map((c) => `${c.day} ${c.instance}`).join(', ')} (${JSON.stringify(byInstance)})\n`,
    );
  });
});
