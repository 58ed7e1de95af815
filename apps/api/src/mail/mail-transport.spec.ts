import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
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

  it('sends through @nestjs-modules/mailer with the sender as the default From', async () => {
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

  it('can be closed before it ever sent (nothing was loaded or opened)', async () => {
    const transport = await transportWith({
      transport: fileTransport(join(dir, 'mail'), logger),
      defaults: { from: 'portal@example.test' },
    });
    await expect(transport.onModuleDestroy()).resolves.toBeUndefined();
  });
});
