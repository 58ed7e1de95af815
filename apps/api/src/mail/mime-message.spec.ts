import { simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import { composeMime, isSimpleAddress, type PlainMail, quotedPrintable } from './mime-message';
import { SAMPLE_BRANDING, SAMPLE_MAIL_DATA } from './mail-samples';
import {
  type MailData,
  type MailTemplateName,
  neutralBranding,
  renderMail,
} from './mail-templates';

const FROM = { name: 'Bench & Partners', address: 'portal@firm.test' };

function mail(overrides: Partial<PlainMail> = {}): PlainMail {
  return {
    from: FROM,
    to: 'client@example.test',
    subject: 'A task for you',
    text: 'Hello,\n\nOpen the link.\n',
    html: '<p>Hello,</p><p>Open the link.</p>',
    messageId: '<outbox-1@firm.test>',
    date: new Date('2026-11-28T01:02:03Z'),
    ...overrides,
  };
}

/** The message as another program reads it: mailparser, which the SMTP catcher uses too. */
async function parsed(raw: string) {
  const m = await simpleParser(raw);
  return {
    from: m.from?.value.map((a) => ({ name: a.name, address: a.address })),
    to: m.to && !Array.isArray(m.to) ? m.to.value.map((a) => a.address) : [],
    subject: m.subject,
    text: m.text,
    html: m.html === false ? undefined : m.html,
    messageId: m.messageId,
    date: m.date?.toISOString(),
    headerNames: m.headerLines.map((h) => h.key),
  };
}

/** The same message composed by nodemailer, as the product did before. */
async function byNodemailer(m: PlainMail): Promise<string> {
  const transport = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = (await transport.sendMail({
    from: { name: m.from.name, address: m.from.address },
    to: m.to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    messageId: m.messageId,
    date: m.date,
  })) as { message: Buffer };
  return info.message.toString('utf8');
}

const lines = (raw: string): string[] => raw.split('\r\n');
const headerBlock = (raw: string): string => raw.slice(0, raw.indexOf('\r\n\r\n'));

describe('composeMime', () => {
  it('writes a multipart/alternative that a mail reader takes apart into the same fields', async () => {
    const raw = composeMime(mail());
    expect(await parsed(raw)).toEqual({
      from: [FROM],
      to: ['client@example.test'],
      subject: 'A task for you',
      text: 'Hello,\n\nOpen the link.\n',
      html: '<p>Hello,</p><p>Open the link.</p>',
      messageId: '<outbox-1@firm.test>',
      date: '2026-11-28T01:02:03.000Z',
      headerNames: ['from', 'to', 'subject', 'message-id', 'date', 'mime-version', 'content-type'],
    });
    expect(headerBlock(raw)).toContain('From: "Bench & Partners" <portal@firm.test>');
    expect(headerBlock(raw)).toContain('Date: Sat, 28 Nov 2026 01:02:03 +0000');
  });

  it('uses CRLF line ends only, and no line longer than 78 columns', () => {
    const raw = composeMime(
      mail({
        subject: `${'Harbor & Finch Trademark Attorneys LLP'}: you have 12 tasks to complete (PIN inside)`,
        text: `${'word '.repeat(40)}\nnext line`,
        html: `<p style="${'x'.repeat(300)}">Ünïcödé ${'é'.repeat(100)}</p>`,
      }),
    );
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of lines(raw)) expect(line.length).toBeLessThanOrEqual(78);
  });

  it.each([
    ['plain ASCII', 'Bench & Partners: your new access link'],
    ['accents', 'Zoë Müller-Łukasiewicz & Søn: vos tâches à compléter'],
    ['other scripts and emoji', '商标事务所：您有 3 项任务 🎉 — Задачи для вас'],
    ['a long subject', `${'Harbor & Finch '.repeat(12)}: a new message about T-4K7M2Q`],
    ['a word longer than a line', `Reference ${'X'.repeat(120)} updated`],
    ['double and edge spaces', '  two  spaces  here  '],
  ])('keeps a subject with %s exactly, as nodemailer does', async (_, subject) => {
    const ours = await parsed(composeMime(mail({ subject })));
    const theirs = await parsed(await byNodemailer(mail({ subject })));
    expect(ours.subject).toBe(subject.trim());
    expect(ours.subject).toBe(theirs.subject);
  });

  it('keeps a subject that looks like an encoded word as typed (nodemailer lets it decode)', async () => {
    const subject = 'Re: =?UTF-8?B?SGk=?= is not encoded';
    expect((await parsed(composeMime(mail({ subject })))).subject).toBe(subject);
    expect((await parsed(await byNodemailer(mail({ subject })))).subject).toBe(
      'Re: Hi is not encoded',
    );
  });

  it('never lets a line break in a subject or a name start a header of its own', async () => {
    const raw = composeMime(
      mail({
        subject: 'Hello\r\nBcc: victim@example.test\nX-Injected: yes',
        from: { name: 'Firm\r\nBcc: other@example.test', address: 'portal@firm.test' },
      }),
    );
    const header = headerBlock(raw);
    expect(header).not.toMatch(/^(Bcc|X-Injected):/im);
    const back = await parsed(raw);
    expect(back.subject).toBe('Hello Bcc: victim@example.test X-Injected: yes');
    expect(back.from).toEqual([
      { name: 'Firm Bcc: other@example.test', address: 'portal@firm.test' },
    ]);
  });

  it.each([
    ['ASCII with short lines', '7bit', 'Hello,\n\nOpen the link.\n'],
    ['a long ASCII line', 'quoted-printable', `${'a'.repeat(200)}\n`],
    ['accents', 'quoted-printable', 'Grüße aus München, Zoë.\n'],
    ['mostly another script', 'base64', '您好，您有三项任务需要完成。请打开链接。\n'],
  ])('encodes a text of %s as %s and a reader gets it back', async (_, encoding, text) => {
    const raw = composeMime(mail({ text, html: undefined }));
    expect(headerBlock(raw)).toContain(`Content-Transfer-Encoding: ${encoding}`);
    expect(headerBlock(raw)).toContain('Content-Type: text/plain; charset=utf-8');
    expect((await parsed(raw)).text).toBe(text);
  });

  /** Every template: the samples, and the one the samples leave out. */
  const everyTemplate: Record<MailTemplateName, MailData> = {
    ...(SAMPLE_MAIL_DATA as Record<MailTemplateName, MailData>),
    'changes-requested': {
      clientName: 'Ada Lovelace',
      taskTitle: 'Confirm the goods and services — class 9 and 42',
      reference: 'T-4K7M2Q',
      portalUrl: 'https://portal.marks-and-co.example/',
    },
  };

  it.each(Object.keys(everyTemplate) as MailTemplateName[])(
    'gives a reader the same %s e-mail as nodemailer',
    async (name) => {
      const rendered = renderMail(name, everyTemplate[name], SAMPLE_BRANDING);
      const m = mail({
        ...rendered,
        from: { name: SAMPLE_BRANDING.name, address: 'portal@firm.test' },
      });
      const ours = await parsed(composeMime(m));
      expect(ours).toEqual({
        ...(await parsed(await byNodemailer(m))),
        headerNames: ours.headerNames,
      });
      expect(ours.text).toBe(rendered.text);
    },
  );

  it('gives a reader the same notice as nodemailer when names are not ASCII', async () => {
    const brand = { ...neutralBranding('Zoë & Søn Trademarks'), senderAddress: 'portal@firm.test' };
    const data = {
      clientName: 'Ærin Ødegård',
      deviceLabel: 'Chrome on Linux',
      when: '28 Nov 2026, 01:02',
      timeZone: 'Europe/Oslo',
      automated: false,
    };
    const rendered = renderMail('device-bound', data, brand);
    const m = mail({ ...rendered, from: { name: brand.name, address: 'portal@firm.test' } });
    const ours = await parsed(composeMime(m));
    const theirs = await parsed(await byNodemailer(m));
    expect(ours).toEqual({ ...theirs, headerNames: ours.headerNames });
    expect(ours.text).toContain('Ærin Ødegård');
  });
});

describe('quotedPrintable', () => {
  it('escapes "=", bytes beyond ASCII and a line-ending space, and breaks softly within 76', () => {
    const encoded = quotedPrintable(`a=b é \r\n${'x'.repeat(80)}\t`);
    expect(encoded).toBe(`a=3Db =C3=A9=20\r\n${'x'.repeat(75)}=\r\nxxxxx=09`);
  });

  it('never splits an escaped byte across a soft break', () => {
    const encoded = quotedPrintable('é'.repeat(40));
    for (const line of encoded.split('\r\n')) {
      expect(line.length).toBeLessThanOrEqual(76);
      expect(line.replace(/=$/, '')).toMatch(/^(=[0-9A-F]{2})*$/);
    }
  });
});

describe('quotedPrintable, against the rule written byte by byte', () => {
  /** RFC 2045 6.7 the plain way: one byte at a time, a soft break before what does not fit. */
  function byteByByte(text: string): string {
    const out: string[] = [];
    for (const line of text.split('\r\n')) {
      const bytes = Buffer.from(line, 'utf8');
      let current = '';
      bytes.forEach((byte, i) => {
        const spaceInside = (byte === 32 || byte === 9) && i < bytes.length - 1;
        const token =
          (byte >= 33 && byte <= 126 && byte !== 61) || spaceInside
            ? String.fromCharCode(byte)
            : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
        if (current.length + token.length > 75) {
          out.push(`${current}=`);
          current = '';
        }
        current += token;
      });
      out.push(current);
    }
    return out.join('\r\n');
  }

  it('gives the same text for 20,000 random lines of ASCII, accents, other scripts and controls', () => {
    const pieces = [
      'a',
      'b',
      ' ',
      '\t',
      '=',
      'é',
      'ü',
      '中',
      '😀',
      '\r\n',
      'x',
      '.',
      '<',
      '\u0000',
      '\u007f',
    ];
    let seed = 7;
    const next = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let n = 0; n < 20_000; n++) {
      let text = '';
      const length = Math.floor(next() * 200);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
      expect(quotedPrintable(text)).toBe(byteByByte(text));
    }
  });
});

describe('isSimpleAddress', () => {
  it.each([
    ['client@example.test', true],
    ['first.last+tag@mail.example.co.uk', true],
    ["o'brien@example.test", true],
    ['jörg@example.test', false],
    ['client@exämple.test', false],
    ['"quoted"@example.test', false],
    ['client@[127.0.0.1]', false],
    ['a..b@example.test', false],
    ['client@example.test\r\nBcc: x@example.test', false],
    ['no-at-sign', false],
  ])('%j: %s', (address, simple) => {
    expect(isSimpleAddress(address)).toBe(simple);
  });
});
