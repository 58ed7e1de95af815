// Issue 15 item 4: the background jobs run once across the three instances. Every instance runs
// an outbox worker and the purge schedule; CLUSTER_DISPATCHES (default 500) dispatches are sent
// through HAProxy (so created by all three instances on all three nodes) and exactly that many
// link e-mails arrive, none twice; the purge (every minute here) ran once per tick.
import type { ClientView } from '@app/contracts';
import { addMonths, monthStart } from '../../apps/api/src/database/expiry-partitions';
import { sqlTime } from '../../apps/api/src/database/sql-values';
import { StaffApi, uniqueEmail } from '../factories/staff-api';
import { allMails } from '../support/mail';
import { clusterState, envInt, inParallel, proxy, servedBy } from './cluster-env';
import { queryNode } from './harness';

const DISPATCHES = envInt('CLUSTER_DISPATCHES', 500);
const CONCURRENCY = 12;
const MINUTE_MS = 60_000;

describe('jobs run once across the cluster', () => {
  let staff: StaffApi;
  beforeAll(async () => {
    staff = await StaffApi.signIn(proxy());
  });

  it(`${DISPATCHES} dispatches spread over the instances: ${DISPATCHES} mails, no duplicate`, async () => {
    const started = Date.now();
    const marker = `jobs${started.toString(36)}`;
    const dispatchedBy: Record<string, number> = {};
    const clients = await inParallel(
      Array.from({ length: DISPATCHES }, (_, i) => i),
      CONCURRENCY,
      async (i): Promise<ClientView> => {
        const client = (
          await staff
            .post('/api/admin/clients')
            .send({ email: uniqueEmail(`${marker}.${i}`), name: `Client ${i}` })
            .expect(201)
        ).body as ClientView;
        const task = await staff.createTask(client.id);
        const res = await staff
          .post(`/api/admin/clients/${client.id}/dispatches`)
          .send({ taskIds: [task.id] })
          .expect(201);
        dispatchedBy[servedBy(res)] = (dispatchedBy[servedBy(res)] ?? 0) + 1;
        return client;
      },
    );
    const sentIn = Date.now() - started;
    expect(Object.keys(dispatchedBy).sort()).toEqual(['api1', 'api2', 'api3']);

    // Every link mail arrives, each exactly once.
    const wanted = new Set(clients.map((c) => c.email.toLowerCase()));
    const deadline = Date.now() + 180_000;
    let ours = [] as Awaited<ReturnType<typeof allMails>>;
    for (;;) {
      ours = (await allMails()).filter((m) => m.to.some((to) => wanted.has(to)));
      if (ours.length >= DISPATCHES || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // A moment longer: a duplicate would arrive just after.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    ours = (await allMails()).filter((m) => m.to.some((to) => wanted.has(to)));
    const perRecipient = new Map<string, number>();
    for (const mail of ours) {
      for (const to of mail.to.filter((t) => wanted.has(t))) {
        perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
      }
    }
    const duplicates = [...perRecipient.entries()].filter(([, n]) => n > 1);
    expect({ mails: ours.length, recipients: perRecipient.size, duplicates }).toEqual({
      mails: DISPATCHES,
      recipients: DISPATCHES,
      duplicates: [],
    });
    expect(new Set(ours.map((m) => m.messageId)).size).toBe(DISPATCHES);
    for (const mail of ours) expect(mail.subject).toContain('to complete');

    // The outbox agrees on every node: each of these rows sent, once.
    const state = clusterState();
    for (const node of state.nodes) {
      const rows = await queryNode<{ status: string; n: number | string }>(
        state,
        node.index,
        `SELECT status, COUNT(*) AS n FROM mail_outbox WHERE to_address LIKE ? GROUP BY status`,
        [`${marker}.%`],
      );
      expect(rows.map((r) => [r.status, Number(r.n)])).toEqual([['sent', DISPATCHES]]);
    }
    const lastMail = Math.max(...ours.map((m) => m.receivedAt));
    process.stdout.write(
      `[cluster] ${DISPATCHES} dispatches in ${(sentIn / 1000).toFixed(1)} s ` +
        `(${JSON.stringify(dispatchedBy)}); all ${ours.length} mails in ` +
        `${((lastMail - started) / 1000).toFixed(1)} s from the first request, 0 duplicates\n`,
    );
  });

  it('the purge ran once per tick, whichever instance claimed it', async () => {
    const state = clusterState();
    // The instances started at least a minute ago (PURGE_INTERVAL_MINUTES=1), so a tick passed;
    // wait for one more so that all three raced for it.
    const count = async (): Promise<{ at: Date }[]> =>
      queryNode<{ at: Date }>(
        state,
        2,
        "SELECT created_at AS at FROM audit_events WHERE type = 'purge.ran' ORDER BY created_at",
      );
    const before = (await count()).length;
    const deadline = Date.now() + MINUTE_MS + 15_000;
    while ((await count()).length === before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const runs = await count();
    expect(runs.length).toBeGreaterThan(before);
    // One run per tick: consecutive runs are a tick apart, never two close together.
    const times = runs.map((r) => new Date(r.at).getTime());
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(gaps.filter((gap) => gap < MINUTE_MS / 2)).toEqual([]);
    const slots = times.map((t) => Math.floor(t / MINUTE_MS));
    const [lease] = await queryNode<{ last_slot: string; holder: string }>(
      state,
      3,
      "SELECT last_slot, holder FROM job_leases WHERE name = 'purge-expired'",
    );
    expect(Number(lease.last_slot)).toBe(slots[slots.length - 1]);
    process.stdout.write(
      `[cluster] purge ran ${runs.length} times in ${runs.length} distinct minutes\n`,
    );
  });

  it("the purge's partition changes (issue 11) reached every node: the same months everywhere, the past ones dropped, next months ready", async () => {
    const state = clusterState();
    // The migration laid months from a year back to the month after next; a purge pass (above)
    // dropped the ones over before its cutoff (30 days' retention) in one ALTER TABLE, which
    // Galera runs on every node in total order. (With 30-day links the months ahead were laid
    // already; the split of pmax is the same kind of ALTER.)
    const layout = async (node: number): Promise<string[]> =>
      (
        await queryNode<{ t: string; name: string }>(
          state,
          node,
          `SELECT TABLE_NAME AS t, PARTITION_NAME AS name FROM information_schema.PARTITIONS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('links', 'device_grants')
            ORDER BY TABLE_NAME, PARTITION_ORDINAL_POSITION`,
        )
      ).map((r) => `${r.t}.${r.name}`);
    const month = (t: number): string =>
      `p${new Date(t).toISOString().slice(0, 7).replace('-', '')}`;
    const first = await layout(1);
    expect(await layout(2)).toEqual(first);
    expect(await layout(3)).toEqual(first);
    const now = Date.now();
    for (const table of ['links', 'device_grants']) {
      const months = first.filter((p) => p.startsWith(`${table}.`)).map((p) => p.split('.')[1]);
      expect(months[0]).toBe(month(now - 30 * 24 * 3_600_000));
      expect(months).toContain(month(now + 61 * 24 * 3_600_000));
      expect(months.at(-1)).toBe('pmax');
    }
  });

  it('a month of expired rows is swapped out and dropped on every node, and no swap table is left anywhere', async () => {
    const state = clusterState();
    const expiredAt = new Date(Date.now() - 75 * 24 * 3_600_000);
    const at = sqlTime(expiredAt);
    const inserted: Record<string, number> = {};
    for (const table of ['links', 'device_grants']) {
      // History loaded after the upgrade: the first month (open below) is split so that the
      // expired rows get a month of their own, over long before the purge's cutoff.
      const [first] = await queryNode<{ name: string; bound: string }>(
        state,
        1,
        `SELECT PARTITION_NAME AS name, PARTITION_DESCRIPTION AS bound
           FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?
          ORDER BY PARTITION_ORDINAL_POSITION LIMIT 1`,
        [table],
      );
      const nextMonth = addMonths(monthStart(expiredAt), 1).toISOString().slice(0, 10);
      await queryNode(
        state,
        1,
        `ALTER TABLE ${table} REORGANIZE PARTITION ${first.name} INTO (
           PARTITION pold VALUES LESS THAN ('${nextMonth}'),
           PARTITION ${first.name} VALUES LESS THAN (${first.bound}))`,
      );
      const copy =
        table === 'links'
          ? `INSERT INTO links (id, token_hash, kind, client_id, dispatch_id, created_at, redeem_by,
               expires_at, code_attempts)
             SELECT UUID(), SHA2(UUID(), 256), kind, client_id, dispatch_id, ? - INTERVAL 30 DAY,
               ? - INTERVAL 29 DAY, ?, 0 FROM links LIMIT 20`
          : `INSERT INTO device_grants (id, device_id, dispatch_id, client_id, link_id, granted_at,
               expires_at)
             SELECT UUID(), device_id, dispatch_id, client_id, UUID(), ? - INTERVAL 30 DAY, ?
               FROM device_grants LIMIT 10`;
      // An INSERT answers with its header (affectedRows), not rows.
      const result = (await queryNode(
        state,
        1,
        copy,
        table === 'links' ? [at, at, at] : [at, at],
      )) as unknown as { affectedRows: number };
      inserted[table] = result.affectedRows;
    }
    expect(inserted.links).toBe(20);

    const staff = await StaffApi.signIn(proxy());
    await staff.post('/api/admin/maintenance/purge').expect(200);
    for (const node of [1, 2, 3]) {
      for (const table of ['links', 'device_grants']) {
        const [{ n }] = await queryNode<{ n: number }>(
          state,
          node,
          `SELECT COUNT(*) AS n FROM ${table} WHERE expires_at <= ?`,
          [at],
        );
        expect(Number(n)).toBe(0);
      }
      const left = await queryNode<{ name: string }>(
        state,
        node,
        `SELECT CONCAT(TABLE_NAME, '.', COALESCE(PARTITION_NAME, '')) AS name
           FROM information_schema.PARTITIONS
          WHERE TABLE_SCHEMA = DATABASE()
            AND (PARTITION_NAME = 'pold' OR TABLE_NAME LIKE '%\\_out\\_%')`,
      );
      expect(left).toEqual([]);
      const [{ status }] = await queryNode<{ status: string }>(
        state,
        node,
        "SELECT VARIABLE_VALUE AS status FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_LOCAL_STATE_COMMENT'",
      );
      expect(status).toBe('Synced');
    }
  });
});
