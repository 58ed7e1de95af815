// Issue 13 items 3 and 6: every e-mail in the firm's voice. A firm configured with its name,
// logo, colour, contact footer and time zone; the mails it sends are read from the real SMTP
// catcher: the footer and sender in both parts, text wrapped at word boundaries with links
// whole, plurals, due dates and descriptions, the staff-reply notice linking to the task and
// naming who wrote, and the new-device notice's time in the firm's zone. Also the public
// branding endpoint the portal reads at start.
import request from 'supertest';
import type { BrandingResponse, ClientView, TaskDetail } from '@app/contracts';
import { browserAgent, StaffApi } from '../factories/staff-api';
import { redeemForNotice } from '../factories/client-api';
import { createTestApp, TestApp } from '../support/app';
import { CaughtMail, extractLink, waitForMail } from '../support/mail';

const FIRM = {
  FIRM_NAME: 'Marks & Co Trade Mark Attorneys',
  FIRM_LOGO_URL: '/assets/marks-logo.svg',
  FIRM_PRIMARY_COLOR: '#0F5132',
  FIRM_CONTACT_PHONE: '+44 20 7946 0000',
  FIRM_CONTACT_EMAIL: 'help@marks-and-co.example',
  FIRM_CONTACT_ADDRESS: '1 High Street, London EC1A 1AA',
  FIRM_TIME_ZONE: 'Europe/London',
  FIRM_BUSINESS_HOURS: '09:00-17:30',
  // Unset: the default sender, whose display name is the firm's.
  MAIL_FROM: '',
};
const LONG_DESCRIPTION =
  'Please confirm that the goods and services listed in class 9 and class 42 match what you ' +
  'sell today and plan to sell within the next five years, and tell us about anything we should ' +
  'add before we file the application on your behalf at the Intellectual Property Office.';
const LAPTOP_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** Every check that holds for any branded mail of this firm. */
function expectBranded(mail: CaughtMail): void {
  expect(mail.from).toBe('"Marks & Co Trade Mark Attorneys" <no-reply@localhost>');
  expect(mail.text).toContain(
    'This e-mail was sent by Marks & Co Trade Mark Attorneys from\nno-reply@localhost.',
  );
  expect(mail.text.startsWith('Marks & Co Trade Mark Attorneys\n')).toBe(true);
  for (const part of [mail.text, (mail.html ?? '').replace(/&amp;/g, '&')]) {
    expect(part).toContain('+44 20 7946 0000');
    expect(part).toContain('help@marks-and-co.example');
    expect(part).toContain('1 High Street, London EC1A 1AA');
    expect(part).toContain('Monday to Friday, 09:00 to 17:30 (Europe/London time)');
    expect(part).not.toMatch(/Client Portal's|contact Client Portal|\(s\)/);
  }
  expect(mail.html).toContain('http://portal.test/assets/marks-logo.svg');
  expect(mail.html).toContain('#0f5132');
  // Wrapped at word boundaries: only a line holding nothing but a link may be longer.
  for (const line of mail.text.split('\n')) {
    if (line.length > 76) expect(line.trim()).toMatch(/^https?:\/\/\S+$/);
  }
}

describe('branded e-mails and the branding endpoint (issue 13)', () => {
  let t: TestApp;
  let staff: StaffApi;
  beforeAll(async () => {
    t = await createTestApp(FIRM);
    staff = await StaffApi.signIn(t.http);
  });
  afterAll(() => t.close());

  async function clientWithTwoTasks(): Promise<{ client: ClientView; tasks: TaskDetail[] }> {
    const client = await staff.createClient();
    const tasks = [
      await staff.createTask(client.id, {
        title: 'Confirm the goods and services',
        description: LONG_DESCRIPTION,
        dueDate: '2030-12-06',
      }),
      await staff.createTask(client.id, { title: 'Upload your logo' }),
    ];
    return { client, tasks };
  }

  it('GET /api/branding: public and cacheable, the configured firm', async () => {
    const res = await request(t.http).get('/api/branding').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.body as BrandingResponse).toEqual({
      name: 'Marks & Co Trade Mark Attorneys',
      logoUrl: '/assets/marks-logo.svg',
      primaryColor: '#0f5132',
      timeZone: 'Europe/London',
      contact: {
        phone: '+44 20 7946 0000',
        email: 'help@marks-and-co.example',
        address: '1 High Street, London EC1A 1AA',
        officeHours: 'Monday to Friday, 09:00 to 17:30 (Europe/London time)',
      },
    });
  });

  it('the dispatch mail: plural, titles, due dates, shortened descriptions, footer, link whole', async () => {
    const { client, tasks } = await clientWithTwoTasks();
    const after = Date.now() - 500;
    await staff.dispatch(
      client.id,
      tasks.map((task) => task.id),
    );
    const mail = await waitForMail({ to: client.email, after });
    expect(mail.subject).toBe('Marks & Co Trade Mark Attorneys: you have 2 tasks to complete');
    expectBranded(mail);
    const flat = mail.text.replace(/\s+/g, ' ');
    expect(flat).toContain('has sent you 2 tasks to complete');
    expect(flat).toContain('- Confirm the goods and services (ref.');
    expect(flat).toContain('Due Friday, 6 December 2030');
    expect(flat).toContain('Please confirm that the goods and services listed in class 9');
    expect(flat).not.toContain('Intellectual Property Office');
    expect(mail.html).toContain('Due Friday, 6 December 2030');
    const { url } = extractLink(mail, 'http://portal.test');
    expect(mail.text).toContain(`\n${url}\n`);
    expect(mail.html).toContain(`href="${url}"`);
  });

  it('the staff-reply notice links to the task and names who wrote, with no credential', async () => {
    const { client, tasks } = await clientWithTwoTasks();
    const sent = Date.now() - 500;
    await staff.dispatch(client.id, [tasks[0].id]);
    await waitForMail({ to: client.email, after: sent });
    const after = Date.now() - 500;
    await staff
      .post(`/api/admin/clients/${client.id}/tasks/${tasks[0].id}/messages`)
      .send({ body: 'Class 42 is right.' })
      .expect(201);
    const notice = await waitForMail({ to: client.email, subjectIncludes: 'new message', after });
    expectBranded(notice);
    const taskUrl = `http://portal.test/tasks/${tasks[0].id}`;
    expect(notice.text).toContain(`\n${taskUrl}\n`);
    expect(notice.html).toContain(`href="${taskUrl}"`);
    expect(notice.text.replace(/\s+/g, ' ')).toContain(
      'admin at Marks & Co Trade Mark Attorneys has written to you',
    );
    const everything = `${notice.text}\n${notice.html ?? ''}`;
    expect(everything).not.toMatch(/\/l\/[A-Za-z0-9_-]{20,}/);
    expect(everything).not.toContain('Class 42 is right.');
  });

  it('the new-device notice and the access-link mail: the zone named, the tasks listed with their descriptions', async () => {
    const { client, tasks } = await clientWithTwoTasks();
    const after = Date.now() - 500;
    await staff.dispatch(client.id, [tasks[0].id]);
    const { token } = extractLink(await waitForMail({ to: client.email, after }));

    const notice = await redeemForNotice(t.http, token, client.email, LAPTOP_UA);
    expectBranded(notice);
    expect(notice.text).toMatch(/When: \d{1,2} \w+ \d{4} at \d{2}:\d{2} \S+ \(Europe\/London\)/);
    expect(notice.text.replace(/\s+/g, ' ')).toContain(
      'please call us on +44 20 7946 0000 straight away',
    );

    const sentAfter = Date.now() - 500;
    await browserAgent(t.http).post('/api/links/access-link').send({ token }).expect(202);
    const access = await waitForMail({
      to: client.email,
      subjectIncludes: 'new access link',
      after: sentAfter,
    });
    expectBranded(access);
    const flat = access.text.replace(/\s+/g, ' ');
    expect(flat).toContain('This is the task it opens: - Confirm the goods and services (ref.');
    expect(flat).toContain('Due Friday, 6 December 2030');
    // Its description, shortened at a word boundary like the dispatch mail's.
    expect(flat).toContain(
      'Please confirm that the goods and services listed in class 9 and class 42',
    );
    expect(flat).not.toContain('Intellectual Property Office');
    expect(flat).not.toContain('Upload your logo');
  });
});
