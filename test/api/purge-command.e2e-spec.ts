// `npm run purge` (apps/api/src/purge.ts, issue 11): one purge pass by hand that starts only what
// the purge needs. Its module graph has no HTTP server, no scheduler, no outbox worker and no mail
// transport; the pass deletes what the scheduled one deletes (SPEC rule 9), audits it, and leaves
// a pending mail alone. The command runs on the real clock, so the rows are made old by hand.
import { HttpAdapterHost } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { DeviceGrant } from '../../apps/api/src/devices/device-grant.entity';
import { Link } from '../../apps/api/src/links/link.entity';
import { PurgeJob } from '../../apps/api/src/links/purge.job';
import { OutboxMessage } from '../../apps/api/src/mail/outbox-message.entity';
import { OutboxWorker } from '../../apps/api/src/mail/outbox.worker';
import { MailTransport } from '../../apps/api/src/mail/mail-transport';
import { createPurgeContext, runPurge } from '../../apps/api/src/purge';
import { browserAgent, StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';

const DAY = 24 * 3_600_000;

describe('npm run purge', () => {
  let t: TestApp;
  let occupied: Server;
  beforeAll(async () => {
    t = await createTestApp();
    occupied = createServer();
    await new Promise<void>((resolve) => occupied.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => occupied.close(resolve));
    await t.close();
  });

  it('starts no HTTP server, scheduler, outbox worker or mail transport, and purges what the scheduled pass purges', async () => {
    const staff = await StaffApi.signIn(t.http);
    const [old, oldUnused, fresh] = [
      await staff.dispatchedLink(),
      await staff.dispatchedLink(),
      await staff.dispatchedLink(),
    ];
    await browserAgent(t.http).post('/api/links/redeem').send({ token: old.token }).expect(200);
    // The server stops (its outbox worker with it) before the command runs on the same database.
    await t.app.close();

    const context = await createPurgeContext(t.env);
    try {
      for (const absent of [OutboxWorker, MailTransport, SchedulerRegistry]) {
        expect(() => context.get(absent, { strict: false })).toThrow();
      }
      expect(context.get(HttpAdapterHost).httpAdapter ?? null).toBeNull();

      const db = context.get(DataSource);
      const longAgo = new Date(Date.now() - 61 * DAY);
      const oldIds = (
        await db.getRepository(Link).find({
          select: { id: true },
          where: [{ clientId: old.client.id }, { clientId: oldUnused.client.id }],
        })
      ).map((l) => l.id);
      expect(oldIds).toHaveLength(2);
      for (const id of oldIds) await db.getRepository(Link).update({ id }, { expiresAt: longAgo });
      const grant = await db
        .getRepository(DeviceGrant)
        .findOneByOrFail({ clientId: old.client.id });
      await db.getRepository(DeviceGrant).update({ id: grant.id }, { expiresAt: longAgo });
      // A mail due now: a worker would claim it within its poll.
      const mail = await db
        .getRepository(OutboxMessage)
        .findOneByOrFail({ toAddress: fresh.client.email });
      await db.getRepository(OutboxMessage).update(mail.id, {
        status: 'pending',
        nextAttemptAt: new Date(),
        lockedBy: null,
        lockedUntil: null,
      });

      // The command itself, with the server's port taken: it would fail if it tried to listen.
      const port = (occupied.address() as AddressInfo).port;
      const counts = await runPurge({ ...t.env, PORT: String(port), HOST: '127.0.0.1' });
      expect(counts).toEqual({ links: 2, deviceGrants: 1, sessions: expect.any(Number) });

      expect((await db.getRepository(Link).find()).map((l) => l.clientId)).toEqual([
        fresh.client.id,
      ]);
      expect(await db.getRepository(DeviceGrant).count()).toBe(0);
      expect(await db.getRepository(OutboxMessage).findOneByOrFail({ id: mail.id })).toMatchObject({
        status: 'pending',
        lockedBy: null,
        lockedUntil: null,
        attempts: mail.attempts,
      });
      const runs = await db.query<{ n: number }[]>(
        "SELECT COUNT(*) AS n FROM audit_events WHERE type = 'purge.ran'",
      );
      expect(Number(runs[0].n)).toBe(1);
      expect(context.get(PurgeJob)).toBeInstanceOf(PurgeJob);
    } finally {
      await context.close();
    }
  });
});
