// Issue 12 item 4: bulk dispatch — one template to many clients, by ids or a CSV of
// email[,name] rows that finds or creates clients; each client in its own transaction, so one
// bad row never undoes the others; per-client results; bounded size; audited.
import type {
  BulkDispatchResponse,
  BulkRowResult,
  ClientView,
  TaskTemplateView,
} from '@app/contracts';
import { DataSource } from 'typeorm';
import { StaffApi, uniqueEmail } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';
import { waitForMail } from '../support/mail';

describe('bulk dispatch of one template to many clients', () => {
  let t: TestApp;
  let admin: StaffApi;
  let db: DataSource;
  let template: TaskTemplateView;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await StaffApi.signIn(t.http);
    db = t.app.get(DataSource);
    template = (
      await admin
        .post('/api/admin/task-templates')
        .send({
          name: `Goods and services (bulk ${Date.now()})`,
          title: 'Confirm your goods and services',
          requests: [{ kind: 'question', prompt: 'List the goods you sell under the mark.' }],
          dueInDays: 14,
        })
        .expect(201)
    ).body as TaskTemplateView;
  });
  afterAll(() => t.close());

  const byRow = (res: BulkDispatchResponse, row: number): BulkRowResult =>
    res.results.find((r) => r.row === row)!;

  it('sends to every client id, skips a client that already has the task open, and fails an unknown id', async () => {
    const a = await admin.createClient(uniqueEmail('bulk-a'));
    const b = await admin.createClient(uniqueEmail('bulk-b'));
    const missing = '00000000-0000-4000-8000-000000000000';
    const res = (
      await admin
        .post('/api/admin/bulk-dispatches')
        .send({ templateId: template.id, clientIds: [a.id, missing, b.id] })
        .expect(201)
    ).body as BulkDispatchResponse;
    expect(res).toMatchObject({ total: 3, sent: 2, skipped: 0, failed: 1 });
    expect(byRow(res, 1)).toMatchObject({ clientId: a.id, status: 'sent' });
    expect(byRow(res, 2)).toMatchObject({
      status: 'failed',
      reason: { error: 'client_not_found', message: expect.any(String) },
    });
    expect(byRow(res, 3)).toMatchObject({ clientId: b.id, status: 'sent' });
    await waitForMail({ to: a.email });
    await waitForMail({ to: b.email });

    // Again: both already hold the open task, so nobody is sent it twice.
    const again = (
      await admin
        .post('/api/admin/bulk-dispatches')
        .send({ templateId: template.id, clientIds: [a.id, b.id] })
        .expect(201)
    ).body as BulkDispatchResponse;
    expect(again).toMatchObject({ sent: 0, skipped: 2 });
    expect(again.results.map((r) => r.reason?.error)).toEqual(['already_open', 'already_open']);

    const [audit] = await db.query(
      "SELECT detail FROM audit_events WHERE type = 'bulk.dispatched' ORDER BY created_at ASC",
    );
    expect(JSON.parse(String(audit.detail))).toMatchObject({ total: 3, sent: 2, failed: 1 });
  });

  it('reads a CSV: finds existing clients, creates new ones, and reports each bad row without undoing the rest', async () => {
    const known = await admin.createClient(uniqueEmail('bulk-known'), 'Known Client');
    const fresh = uniqueEmail('bulk-new');
    const nameless = uniqueEmail('bulk-nameless');
    const csv = [
      'email,name',
      `${known.email},Known Client`,
      `${fresh},"Fresh, New"`,
      'not-an-email,Someone',
      nameless,
      '',
      `${known.email.toUpperCase()},Again`,
    ].join('\n');
    const res = (
      await admin
        .post('/api/admin/bulk-dispatches')
        .send({ templateId: template.id, csv })
        .expect(201)
    ).body as BulkDispatchResponse;
    expect(res).toMatchObject({ total: 5, sent: 2, skipped: 1, failed: 2 });
    expect(byRow(res, 2)).toMatchObject({ clientId: known.id, status: 'sent' });
    expect(byRow(res, 3)).toMatchObject({ email: fresh, status: 'sent', createdClient: true });
    expect(byRow(res, 4)).toMatchObject({ status: 'failed', reason: { error: 'email_invalid' } });
    expect(byRow(res, 5)).toMatchObject({ status: 'failed', reason: { error: 'name_missing' } });
    expect(byRow(res, 7)).toMatchObject({ status: 'skipped', reason: { error: 'duplicate_row' } });

    const created = (await admin.get('/api/admin/clients?limit=100').expect(200)).body as {
      items?: ClientView[];
    };
    const list = created.items ?? (created as unknown as ClientView[]);
    expect(list.find((c) => c.email === fresh)?.name).toBe('Fresh, New');
    const [row] = await db.query('SELECT COUNT(*) AS n FROM clients WHERE email = ?', [nameless]);
    expect(Number(row.n)).toBe(0);
    await waitForMail({ to: fresh });
  });

  it('refuses a request that is too big, has both or neither list, or names an unknown template', async () => {
    const ids = Array.from(
      { length: 201 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    await admin
      .post('/api/admin/bulk-dispatches')
      .send({ templateId: template.id, clientIds: ids })
      .expect(422);
    const csv = Array.from({ length: 201 }, (_, i) => `c${i}@example.com,C ${i}`).join('\n');
    await admin
      .post('/api/admin/bulk-dispatches')
      .send({ templateId: template.id, csv })
      .expect(422);
    await admin
      .post('/api/admin/bulk-dispatches')
      .send({ templateId: template.id, clientIds: [ids[0]], csv: 'a@b.co' })
      .expect(422);
    await admin.post('/api/admin/bulk-dispatches').send({ templateId: template.id }).expect(422);
    await admin
      .post('/api/admin/bulk-dispatches')
      .send({ templateId: '00000000-0000-4000-8000-000000000000', clientIds: [ids[0]] })
      .expect(404);
    const [row] = await db.query(
      "SELECT COUNT(*) AS n FROM clients WHERE email LIKE 'c%@example.com'",
    );
    expect(Number(row.n)).toBe(0);
  });
});
