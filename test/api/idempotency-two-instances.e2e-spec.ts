// Issue 12: an Idempotency-Key holds across instances. Two app instances on one database (MariaDB,
// the production shape; SQLite: two instances on one WAL file) get the same compose-and-send
// POST with the same key at the same moment. The key row is inserted before the request runs
// (unique per caller and key), so one instance runs it; the other waits for its answer (the rule:
// up to 5 s, well past a compose) and replays it. One task, one outbox row, one mail in the
// real SMTP catcher.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { ComposeTaskResponse } from '@app/contracts';
import { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/app.factory';
import { StaffApi, uniqueEmail } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';
import { mailsTo, waitForMail } from '../support/mail';
import { eventually } from './outbox-helpers';

const REQUESTS = [{ kind: 'question', prompt: 'Which goods will you sell?' }];

describe('Idempotency-Key across two instances', () => {
  let first: TestApp;
  let second: INestApplication;
  let db: DataSource;
  beforeAll(async () => {
    first = await createTestApp();
    second = await createApp(first.env);
    await second.init();
    db = first.app.get(DataSource);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  const count = async (sql: string, params: unknown[]): Promise<number> =>
    Number((await db.query<{ n: number }[]>(sql, params))[0].n);

  it('the same compose POST sent to both at once: one runs, the other replays its answer; one task, one mail', async () => {
    const admin = await StaffApi.signIn(first.http);
    for (let round = 0; round < 3; round++) {
      const client = await admin.createClient(uniqueEmail(`twin${round}`));
      const path = `/api/admin/clients/${client.id}/compose`;
      const body = { title: `Power of attorney ${round}`, requests: REQUESTS };
      const key = `two-instances-${round}`;
      const answers = await Promise.all(
        [first.http, second.getHttpServer()].map((server) =>
          request(server)
            .post(path)
            .set('Authorization', `Bearer ${admin.token}`)
            .set('Idempotency-Key', key)
            .send(body),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual([201, 201]);
      const replayed = answers.map((a) => a.headers['idempotent-replayed'] === 'true');
      // Exactly one ran; the other is its replay, byte for byte the same answer.
      expect(replayed.filter(Boolean)).toHaveLength(1);
      expect(answers[0].body).toEqual(answers[1].body);
      const taskId = (answers[0].body as ComposeTaskResponse).task.id;
      expect(await count('SELECT COUNT(*) AS n FROM tasks WHERE client_id = ?', [client.id])).toBe(
        1,
      );
      expect(await count('SELECT COUNT(*) AS n FROM tasks WHERE id = ?', [taskId])).toBe(1);
      expect(
        await count('SELECT COUNT(*) AS n FROM mail_outbox WHERE to_address = ?', [client.email]),
      ).toBe(1);
      expect(
        await count("SELECT COUNT(*) AS n FROM idempotency_keys WHERE state = 'done'", []),
      ).toBe(round + 1);
      // Both outbox workers poll: wait until the row is sent, then the catcher holds one mail.
      await waitForMail({ to: client.email });
      await eventually('the mail marked sent', async () =>
        (await count(
          "SELECT COUNT(*) AS n FROM mail_outbox WHERE to_address = ? AND status = 'sent'",
          [client.email],
        )) === 1
          ? true
          : null,
      );
      expect(await mailsTo(client.email)).toHaveLength(1);
    }
  });
});
