import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileTransport } from './file-transport';
import { MailTransport } from './mail-transport';

describe('MailTransport', () => {
  let dir: string;
  const logger = { log: jest.fn(), warn: jest.fn(), error: jest.fn() };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mail-transport-spec-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sends through the configured transport with the sender as the default From', async () => {
    const transport = new MailTransport({
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
    transport.onModuleDestroy();
  });

  it('can be closed before it ever sent (nothing was loaded or opened)', () => {
    const transport = new MailTransport({
      transport: fileTransport(join(dir, 'mail'), logger),
      defaults: { from: 'portal@example.test' },
    });
    expect(() => transport.onModuleDestroy()).not.toThrow();
  });
});
