// The SMTP catcher the outage specs take down (test/support/smtp-catcher.ts). While it is down it
// must keep its port: released, the port could be handed to a server another spec file starts on
// port 0 (a fake S3, a webhook receiver), and the app under test would then wait out its SMTP
// greeting timeout there instead of seeing the outage at once (seen in CI: "Timed out after
// 10000 ms waiting for a first failed attempt" in mail-outbox-never-lost).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { isPortFree } from '../support/ports';
import { SmtpCatcher, startSmtpCatcher } from '../support/smtp-catcher';
import { caughtIn } from './outbox-helpers';

const portOf = (url: string): number => Number(new URL(url).port);

async function send(url: string, subject: string): Promise<void> {
  const transport = createTransport({ url, greetingTimeout: 5_000, connectionTimeout: 5_000 });
  try {
    await transport.sendMail({
      from: 'portal@firm.test',
      to: 'client@example.test',
      subject,
      text: 'Hello',
    });
  } finally {
    transport.close();
  }
}

describe('SMTP catcher taken down', () => {
  let dir: string;
  let smtp: SmtpCatcher;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'smtp-catcher-down-'));
    smtp = await startSmtpCatcher(dir);
  });
  afterAll(() => smtp?.stop());

  it('keeps its port while down, resets every connection at once, and takes mail again when up', async () => {
    const port = portOf(smtp.url);
    await send(smtp.url, 'before');

    await smtp.down();
    expect(await isPortFree(port)).toBe(false);
    const started = Date.now();
    const failure = await send(smtp.url, 'while down').then(
      () => null,
      (error: unknown) => error as { code?: string; message?: string },
    );
    expect(failure?.message).toMatch(/ECONNRESET|connect/i);
    // At once, not after the client's greeting timeout.
    expect(Date.now() - started).toBeLessThan(4_000);
    // Down twice is still down.
    await smtp.down();
    expect(await isPortFree(port)).toBe(false);

    await smtp.up();
    await send(smtp.url, 'after');
    expect((await caughtIn(dir)).map((m) => m.subject)).toEqual(['before', 'after']);

    await smtp.stop();
    expect(await isPortFree(port)).toBe(true);
  });
});
