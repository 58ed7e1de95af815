import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { simpleParser } from 'mailparser';
import { fileTransport } from './file-transport';
import { MAIL_TRANSPORT_OPTIONS, MailTransport, type MailTransportOptions } from './mail-transport';

/** MailTransport in a Nest context of its own: it loads the mailer module through Nest. */
async function transportWith(options: MailTransportOptions): Promise<MailTransport> {
  const module = await Test.createTestingModule({
    providers: [MailTransport, { provide: MAIL_TRANSPORT_OPTIONS, useValue: options }],
  }).compile();
  return module.get(MailTransport);
}

describe('MailTransport', () => {
  let dir: string;
  const logger = { log: jest.fn(), warn: jest.fn(), error: jest.fn() };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mail-transport-spec-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sends with the configured sender as From, one file a message', async () => {
    const transport = await transportWith({
      transport: fileTransport(join(dir, 'mail'), logger),
      defaults: { from: 'Bench & Partners <portal@example.test>' },
    });
    await transport.sendMail({
      to: 'client@example.test',
      messageId: '<outbox-1@example.test>',
      subject: 'A task for you',
      text: 'Hello',
    });
    const files = readdirSync(join(dir, 'mail'));
    expect(files).toHaveLength(1);
    const eml = readFileSync(join(dir, 'mail', files[0]), 'utf8');
    expect(eml).toContain('From: "Bench & Partners" <portal@example.test>');
    expect(eml).toContain('To: client@example.test');
    expect(eml).toContain('Message-ID: <outbox-1@example.test>');
    await transport.sendMail({ to: 'second@example.test', subject: 'Again', text: 'Hi' });
    expect(readdirSync(join(dir, 'mail'))).toHaveLength(2);
    await transport.onModuleDestroy();
  });

  it('logs which file a message went to, never the link token it carries (SPEC rule 1)', async () => {
    const transport = await transportWith({
      transport: fileTransport(join(dir, 'mail'), logger),
      defaults: { from: 'portal@example.test' },
    });
    const token = 'Tk_-0123456789abcdefghijABCDEFGHIJklmnopqrs';
    const link = `http://portal.test/l/${token}`;
    logger.log.mockClear();
    await transport.sendMail({
      to: 'client@example.test',
      subject: 'A task for you',
      text: `Open ${link} to begin.`,
      html: `<p><a href="${link}">Open your tasks</a></p>`,
    });
    const [file] = readdirSync(join(dir, 'mail'));
    expect(readFileSync(join(dir, 'mail', file), 'utf8')).toContain(token);
    expect(logger.log).toHaveBeenCalledWith(
      expect.objectContaining({
        message: 'mail written to file',
        file: join(dir, 'mail', file),
        to: 'client@example.test',
        subject: 'A task for you',
      }),
    );
    const logged = JSON.stringify([
      logger.log.mock.calls,
      logger.warn.mock.calls,
      logger.error.mock.calls,
    ]);
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(token.slice(0, 20));
    await transport.onModuleDestroy();
  });

  it('never reads a local file or fetches a URL into a message', async () => {
    const transport = await transportWith({
      transport: fileTransport(join(dir, 'mail'), logger),
      defaults: { from: 'portal@example.test' },
    });
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'APP_SECRET=do-not-mail-me');
    let fetched = 0;
    const server = createServer((_request, response) => {
      fetched++;
      response.end('fetched');
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const { port } = server.address() as AddressInfo;
    try {
      await expect(
        transport.sendMail({
          to: 'client@example.test',
          subject: 'A file',
          text: 'See attached',
          attachments: [{ filename: 'secret.txt', path: secret }],
        }),
      ).rejects.toThrow(/file access rejected/i);
      await expect(
        transport.sendMail({
          to: 'client@example.test',
          subject: 'A page',
          text: 'See attached',
          attachments: [{ filename: 'page.txt', path: `http://127.0.0.1:${port}/page` }],
        }),
      ).rejects.toThrow(/url access rejected/i);
      await expect(
        transport.sendMail({
          to: 'client@example.test',
          subject: 'A body',
          text: { path: secret },
        }),
      ).rejects.toThrow(/file access rejected/i);
      expect(fetched).toBe(0);
      expect(existsSync(join(dir, 'mail')) ? readdirSync(join(dir, 'mail')) : []).toHaveLength(0);
      // The same transport still sends an ordinary message.
      await transport.sendMail({ to: 'client@example.test', subject: 'Plain', text: 'Hello' });
      expect(readdirSync(join(dir, 'mail'))).toHaveLength(1);
    } finally {
      await new Promise((closed) => server.close(closed));
      await transport.onModuleDestroy();
    }
  });

  it('writes a plain message itself and leaves anything else to nodemailer', async () => {
    const transport = await transportWith({
      transport: fileTransport(join(dir, 'mail'), logger),
      defaults: { from: 'Zoë & Søn <portal@example.test>' },
    });
    const sent = async (message: Parameters<MailTransport['sendMail']>[0]) => {
      const info = (await transport.sendMail(message)) as { file: string; envelope: unknown };
      const eml = readFileSync(info.file, 'utf8');
      return { eml, envelope: info.envelope, mail: await simpleParser(eml) };
    };
    // What the outbox sends: our composer's boundary, the envelope from the addresses.
    const plain = await sent({
      to: 'client@example.test',
      messageId: '<outbox-2@example.test>',
      subject: 'Zoë: a task for you',
      text: 'Hello',
      html: '<p>Hello</p>',
    });
    expect(plain.eml).toMatch(/boundary="=_Part_[0-9a-f]{24}"/);
    expect(plain.envelope).toEqual({ from: 'portal@example.test', to: ['client@example.test'] });
    expect(plain.mail.from?.value).toEqual([{ name: 'Zoë & Søn', address: 'portal@example.test' }]);
    expect(plain.mail.subject).toBe('Zoë: a task for you');
    expect(plain.mail.messageId).toBe('<outbox-2@example.test>');
    // A recipient the composer does not write (a UTF-8 local part), or any other option:
    // nodemailer composes it, as before.
    for (const message of [
      { to: 'jörg@example.test', subject: 'Hi', text: 'Hello' },
      { to: 'client@example.test', subject: 'Hi', text: 'Hello', replyTo: 'help@example.test' },
    ]) {
      const other = await sent(message);
      expect(other.eml).not.toContain('=_Part_');
      expect(other.mail.text).toBe('Hello\n');
      expect(other.mail.from?.value).toEqual([
        { name: 'Zoë & Søn', address: 'portal@example.test' },
      ]);
    }
    await transport.onModuleDestroy();
  });

  it('writes a composed message into its file itself, as nodemailer would have written it', async () => {
    const files = fileTransport(join(dir, 'mail'), logger);
    // The same transport without its own door for composed mail: nodemailer carries them.
    const { writeComposed: _unused, ...carried } = files;
    void _unused;
    const direct = await transportWith({
      transport: files,
      defaults: { from: 'Firm <portal@example.test>' },
    });
    const viaNodemailer = await transportWith({
      transport: carried,
      defaults: { from: 'Firm <portal@example.test>' },
    });
    const normal = (eml: string): string =>
      eml.replace(/^Date: .*$/m, 'Date: -').replace(/=_Part_[0-9a-f]{24}/g, '=_Part_-');
    for (const message of [
      { to: 'client@example.test', messageId: '<o-1@example.test>', subject: 'Hi', text: 'Hello' },
      { to: 'client@example.test', subject: 'Grüße', text: 'Zoë\n', html: '<p>Zoë</p>' },
    ]) {
      const mine = (await direct.sendMail(message)) as { file: string; envelope: unknown };
      const theirs = (await viaNodemailer.sendMail(message)) as { file: string; envelope: unknown };
      expect(mine.file).not.toBe(theirs.file);
      expect(normal(readFileSync(mine.file, 'utf8'))).toBe(
        normal(readFileSync(theirs.file, 'utf8')),
      );
      expect(mine.envelope).toEqual(theirs.envelope);
    }
    // The direct transport never loaded the mailer module.
    expect((direct as unknown as { mailer?: unknown }).mailer).toBeUndefined();
    expect(logger.log).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'mail written to file', to: 'client@example.test' }),
    );
    await direct.onModuleDestroy();
    await viaNodemailer.onModuleDestroy();
  });

  it('can be closed before it ever sent (nothing was loaded or opened)', async () => {
    const transport = await transportWith({
      transport: fileTransport(join(dir, 'mail'), logger),
      defaults: { from: 'portal@example.test' },
    });
    await expect(transport.onModuleDestroy()).resolves.toBeUndefined();
  });
});
