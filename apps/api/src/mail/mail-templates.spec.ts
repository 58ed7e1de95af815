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
      'Marks & Co: you have 2 task(s) to complete',
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

  it.each(['clientName', 'linkUrl', 'firmName', 'ttlDays'])(
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
