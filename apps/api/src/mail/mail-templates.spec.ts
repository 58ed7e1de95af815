import { renderMail } from './mail-templates';

const LINK = 'https://portal.example.com/l/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE';

const data = (overrides: Record<string, unknown> = {}) => ({
  clientName: 'Jane Doe',
  firmName: 'Marks & Co',
  taskCount: 2,
  tasks: [
    { title: 'Confirm the <script>alert(1)</script> class', reference: 'T-4K7M2Q' },
    { title: 'Upload the logo', reference: 'T-9XZ3BC' },
  ],
  linkUrl: LINK,
  ttlDays: 30,
  ...overrides,
});

describe('renderMail("dispatch-link")', () => {
  it('puts the link in both the text and the html body', () => {
    const mail = renderMail('dispatch-link', data());
    expect(mail.text).toContain(LINK);
    expect(mail.html).toContain(`href="${LINK}"`);
  });

  it('names the firm and the number of tasks in the subject', () => {
    expect(renderMail('dispatch-link', data()).subject).toBe(
      'Marks & Co: you have 2 tasks to complete',
    );
  });

  it('lists every task with its reference', () => {
    const mail = renderMail('dispatch-link', data());
    for (const ref of ['T-4K7M2Q', 'T-9XZ3BC']) {
      expect(mail.text).toContain(ref);
      expect(mail.html).toContain(ref);
    }
    expect(mail.text).toContain('Upload the logo');
  });

  it('escapes HTML in the html body, so a task title cannot inject markup', () => {
    const { html } = renderMail('dispatch-link', data());
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Marks &amp; Co');
  });

  it('does not HTML-escape the plain-text body', () => {
    const { text } = renderMail('dispatch-link', data());
    expect(text).toContain('Confirm the <script>alert(1)</script> class');
    expect(text).toContain('Marks & Co');
    expect(text).not.toContain('&amp;');
    expect(text).not.toContain('&lt;');
  });

  it('states how many days the link is valid', () => {
    const mail = renderMail('dispatch-link', data({ ttlDays: 14 }));
    expect(mail.text).toMatch(/valid for\s+14 days/);
    expect(mail.html).toMatch(/valid for\s+14 days/);
  });

  // The firm's name now comes from the configuration's branding at send time (issue 13).
  it.each(['clientName', 'linkUrl', 'ttlDays'])(
    'refuses to render when %s is missing (strict templates), rather than mailing a blank',
    (field) => {
      const incomplete: Record<string, unknown> = data();
      delete incomplete[field];
      expect(() => renderMail('dispatch-link', incomplete)).toThrow(new RegExp(field));
    },
  );

  it('refuses to render a task without its reference', () => {
    expect(() => renderMail('dispatch-link', data({ tasks: [{ title: 'No ref' }] }))).toThrow(
      /reference/,
    );
  });
});

describe('renderMail("access-link") (issue 14)', () => {
  const access = data({ ttlMinutes: 60, code: '042917', codeMinutes: 10 });

  it('carries the link and the code in both parts, and says which to use on which device', () => {
    const mail = renderMail('access-link', access);
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain(LINK);
      expect(body).toContain('042917');
      expect(body).toMatch(/on the device\s+where\s+you pressed it/i);
      expect(body).toMatch(/another device, such as your phone/);
      expect(body).toMatch(/within\s+10 minutes/);
      expect(body).toMatch(/within\s+60 minutes/);
    }
    expect(mail.subject).toBe('Marks & Co: your new access link');
  });
});

describe('renderMail("device-bound")', () => {
  const notice = (automated: boolean) =>
    renderMail(
      'device-bound',
      data({
        deviceLabel: 'Chrome on Linux, automated (a mail scanner, bot or headless browser)',
        when: '26 November 2026 at 09:30 GMT',
        timeZone: 'Europe/London',
        automated,
      }),
    );

  it('names the device and the time in the firm zone, with no link', () => {
    const { text, html } = notice(false);
    expect(text).toContain('Chrome on Linux');
    expect(text).toContain('When: 26 November 2026 at 09:30 GMT (Europe/London)');
    expect(text).not.toContain('mail security scanner');
    expect(text).not.toMatch(/\/l\//);
    expect(html).not.toMatch(/\/l\//);
  });

  it('tells the client what to do when the device was automated', () => {
    const { text, html } = notice(true);
    expect(text).toContain('mail security scanner');
    expect(text).toContain('Send Access Link');
    expect(html).toContain('Send Access Link');
  });
});
