import { renderMail } from '../mail/mail-templates';

const LINK = 'https://portal.example.com/l/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE';

const task = (overrides: Record<string, unknown> = {}) => ({
  title: 'Confirm the <b>class</b>',
  reference: 'T-4K7M2Q',
  due: 'due Friday, 4 December 2026 (in 3 days)',
  needsAttention: true,
  unopened: false,
  statutoryNote: null,
  linkUrl: LINK,
  unheld: false,
  pin: false,
  ...overrides,
});

const data = (overrides: Record<string, unknown> = {}) => ({
  subject: 'Marks & Co: reminder of your 2 open tasks',
  clientName: 'Jane Doe',
  firmName: 'Marks & Co',
  intro: 'You have 2 open tasks with us.',
  tasks: [
    task(),
    task({
      title: 'Office action response',
      reference: 'T-9XZ3BC',
      due: 'due tomorrow, Saturday, 5 December 2026',
      statutoryNote: 'Final notice: this official deadline cannot be moved.',
      linkUrl: null,
      pin: true,
    }),
  ],
  anyHeld: true,
  anyUnheld: false,
  anyPin: true,
  ...overrides,
});

describe('renderMail("reminder-digest")', () => {
  it('lists every task with its due date, link and statutory note in both parts', () => {
    const mail = renderMail('reminder-digest', data());
    expect(mail.subject).toBe('Marks & Co: reminder of your 2 open tasks');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('T-4K7M2Q');
      expect(part).toContain('due Friday, 4 December 2026 (in 3 days)');
      expect(part).toContain('Final notice: this official deadline cannot be moved.');
      expect(part).toContain('the PIN from the e-mail');
    }
    // Issue 13: the text part wraps at word boundaries, so a long link goes on its own line.
    expect(mail.text).toMatch(new RegExp(`Open it:\\s+${LINK}\\n`));
    expect(mail.html).toContain(`href="${LINK}"`);
    expect(mail.text).not.toContain('does not open them by');
  });

  it('escapes HTML in titles and keeps the text part within 72 columns of prose', () => {
    const mail = renderMail('reminder-digest', data({ anyUnheld: true }));
    expect(mail.html).toContain('Confirm the &lt;b&gt;class&lt;/b&gt;');
    // Tasks no device holds yet (issue 14): the reminder's link opens nothing by itself.
    expect(mail.text).toMatch(/open them with the link in the\s+e-mail\s+that first sent them/);
    expect(mail.text).not.toContain('replaces');
    const prose = mail.text.split('\n').filter((l) => !l.includes('http'));
    expect(prose.every((line) => line.length <= 72)).toBe(true);
  });
});
