import { SAMPLE_BRANDING, SAMPLE_MAIL_DATA } from './mail-samples';
import {
  excerpt,
  MAIL_TEMPLATES,
  neutralBranding,
  plural,
  renderMail,
  wrapText,
  type MailData,
  type MailTemplateName,
} from './mail-templates';

const NAMES = Object.keys(SAMPLE_MAIL_DATA) as MailTemplateName[];
const render = (
  name: MailTemplateName,
  data: MailData = SAMPLE_MAIL_DATA[name] ?? {},
  brand = SAMPLE_BRANDING,
) => renderMail(name, data, brand);

describe('every e-mail in the shared layout (issue 13)', () => {
  it('has a sample for each of the issue 13 templates', () => {
    for (const name of [
      'access-link',
      'device-bound',
      'dispatch-link',
      'dispatch-pin',
      'password-set',
      'reminder-digest',
      'task-message',
    ] as const) {
      expect(SAMPLE_MAIL_DATA[name]).toBeDefined();
      expect(MAIL_TEMPLATES[name]).toBeDefined();
    }
  });

  it.each(NAMES)('%s: the firm name, sender and contact footer in both parts', (name) => {
    const { html, text } = render(name);
    for (const part of [text, html.replace(/&amp;/g, '&')]) {
      expect(part).toContain('Marks & Co Trade Mark Attorneys');
      expect(part).toContain('+44 20 7946 0000');
      expect(part).toContain('help@marks-and-co.example');
      expect(part).toContain('1 High Street, London EC1A 1AA');
      expect(part).toContain('Monday to Friday, 09:00 to 17:30 (Europe/London time)');
      expect(part).toContain('no-reply@marks-and-co.example');
    }
    expect(text.startsWith('Marks & Co Trade Mark Attorneys\n')).toBe(true);
    // The primary colour marks the header; the document is one complete page.
    expect(html).toContain('border-top:6px solid #0f5132');
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html.match(/<html/g)).toHaveLength(1);
    expect(html).toContain('name="viewport"');
  });

  it.each(NAMES)('%s: HTML with no fixed width wider than a phone', (name) => {
    const { html } = render(name);
    const widths = [...html.matchAll(/(?<![-\w])width\s*[:=]\s*"?(\d+)/g)].map((m) => Number(m[1]));
    expect(widths.filter((w) => w > 320)).toEqual([]);
    // Every address shown as text may wrap anywhere.
    for (const m of html.matchAll(/>(https?:\/\/[^<\s]+)</g)) {
      const before = html.slice(Math.max(0, (m.index ?? 0) - 200), m.index);
      expect(before).toMatch(/word-break:break-all/);
    }
  });

  it.each(NAMES)(
    '%s: text wrapped at word boundaries, 76 columns or fewer, links whole',
    (name) => {
      const { text } = render(name);
      const data = JSON.stringify(SAMPLE_MAIL_DATA[name]);
      for (const line of text.split('\n')) {
        if (line.length > 76) expect(line.trim()).toMatch(/^(Open it:\s+)?https?:\/\/\S+$/);
      }
      for (const url of data.match(/https?:\/\/[^"]+/g) ?? []) {
        expect(text).toContain(url);
      }
      // No paragraph is cut short in the middle of a sentence by the template itself.
      const body = text.split('\n--\n')[0];
      const paragraphs = body.split(/\n\s*\n/);
      for (const p of paragraphs) {
        const lines = p.split('\n');
        lines.slice(0, -1).forEach((line, i) => {
          const next = lines[i + 1].trimStart();
          const isList =
            /^(- |Due |Device:|When:|Reminder:|https?:|Phone:|E-mail:|Office hours:|This e-mail|Open it|[A-Z0-9-]+ \()/.test(
              next,
            );
          if (!isList && !/[:.?]$/.test(line) && !/^\s/.test(lines[i + 1])) {
            // A wrapped line is full: the next word would not have fitted.
            expect(line.length + 1 + next.split(' ')[0].length).toBeGreaterThan(72);
          }
        });
      }
    },
  );

  it.each(NAMES)('%s: no "task(s)", no "Client Portal\'s", no "contact Client Portal"', (name) => {
    const neutral = renderMail(name, SAMPLE_MAIL_DATA[name] ?? {}, neutralBranding());
    for (const part of [neutral.subject, neutral.text, neutral.html]) {
      expect(part).not.toMatch(/\(s\)/);
      expect(part).not.toMatch(/Client Portal's|Client Portal&#x27;s/);
      expect(part).not.toMatch(/contact Client Portal/i);
    }
  });

  it('counts tasks in words: "1 task", "2 tasks"', () => {
    expect(plural(1, 'task')).toBe('1 task');
    expect(plural(2, 'task')).toBe('2 tasks');
    expect(plural(0, 'task')).toBe('0 tasks');
    const one = render('dispatch-pin');
    expect(one.subject).toBe(
      'Marks & Co Trade Mark Attorneys: you have 1 task to complete (PIN inside)',
    );
    expect(one.text).toContain('has sent you 1 task to complete');
    const two = render('dispatch-link');
    expect(two.subject).toBe('Marks & Co Trade Mark Attorneys: you have 2 tasks to complete');
    expect(two.html).toContain('has sent you 2 tasks to complete');
  });

  it.each(['dispatch-link', 'dispatch-pin', 'access-link', 'reminder-digest'] as const)(
    '%s: task titles, due dates and shortened descriptions (issue 13 item 6)',
    (name) => {
      const { text, html } = render(name);
      for (const part of [text.replace(/\s+/g, ' '), html]) {
        expect(part).toContain('Confirm the goods and services for your application');
        expect(part).toContain('Friday, 4 December 2026');
        expect(part).toContain('Please confirm that the goods and services listed in class 9');
        expect(part).not.toContain('Intellectual Property Office');
        expect(part).toContain('…');
      }
    },
  );

  it('a mail sent before descriptions and due dates were added still renders', () => {
    const data = {
      ...SAMPLE_MAIL_DATA['dispatch-link'],
      tasks: [{ title: 'Old task', reference: 'T-OLD001' }],
      taskCount: 1,
    };
    const { text } = render('dispatch-link', data);
    expect(text).toContain('- Old task (ref. T-OLD001)');
    expect(text).not.toContain('Due ');
  });

  it('the staff-reply notice links to the task and names who wrote, with no credential', () => {
    const { text, html } = render('task-message');
    const url = 'https://portal.marks-and-co.example/tasks/01JD4X6Q2W8E5R7T9Y3U1I0O2P';
    expect(text).toContain(`\n${url}\n`);
    expect(html).toContain(`href="${url}"`);
    expect(text).toContain('Sam Patel at Marks & Co Trade Mark Attorneys has written to you');
    expect(text).not.toMatch(/\/l\//);
  });

  it('the new-device notice names the time with its zone', () => {
    const { text, html } = render('device-bound');
    expect(text).toContain('When: 26 November 2026 at 09:30 GMT (Europe/London)');
    expect(html).toContain('26 November 2026 at 09:30 GMT (Europe/London)');
    expect(text.replace(/\s+/g, ' ')).toContain('please call us on +44 20 7946 0000 straight away');
  });

  it('shows the logo when there is one, with the firm name as its text', () => {
    const { html } = render('password-set', undefined, {
      ...SAMPLE_BRANDING,
      logoUrl: 'https://cdn.example/logo.png',
    });
    expect(html).toContain(
      '<img src="https://cdn.example/logo.png" alt="Marks &amp; Co Trade Mark Attorneys"',
    );
  });

  it('without contact details, the footer names the firm and the sender only', () => {
    const { text } = renderMail(
      'password-set',
      SAMPLE_MAIL_DATA['password-set'] ?? {},
      neutralBranding('Acme'),
    );
    expect(text).toContain('--\nAcme\n\nThis e-mail was sent by Acme from no-reply@localhost.');
    expect(text).toContain('please tell us straight away');
  });
});

describe('wrapText', () => {
  it('wraps at word boundaries, keeps indentation and list hangs, never breaks a long word', () => {
    const url = `https://example.com/${'a'.repeat(80)}`;
    expect(wrapText(`- ${'word '.repeat(20).trim()}`, 30)).toBe(
      [
        '- word word word word word',
        '  word word word word word',
        '  word word word word word',
        '  word word word word word',
      ].join('\n'),
    );
    expect(wrapText(`  see ${url} now`, 30)).toBe(`  see\n  ${url}\n  now`);
  });
});

describe('excerpt', () => {
  it('keeps short text and cuts long text at a word with an ellipsis', () => {
    expect(excerpt('Short  text\n here')).toBe('Short text here');
    expect(excerpt('one two three four five six', 14)).toBe('one two three…');
    expect(excerpt(null)).toBe('');
  });
});
