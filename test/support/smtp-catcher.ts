// A real SMTP server on 127.0.0.1 that stores every message it receives as JSON, so tests can
// read the mail the app really sent (see test/support/mail.ts for the reading side).
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { AddressObject, simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer, SMTPServerAddress, SMTPServerSession } from 'smtp-server';
import type { Readable } from 'node:stream';
import { CaughtMail, REFUSE_FILE } from './mail';

export interface SmtpCatcher {
  /** `smtp://127.0.0.1:PORT` */
  url: string;
  stop(): Promise<void>;
  /**
   * "Down" until up(): no SMTP on the port, and every connection is reset as soon as it arrives
   * (the client sees ECONNRESET). The port stays held meanwhile: released, it could be taken by
   * any server another spec file starts on port 0 (a fake S3, a webhook receiver), and the app
   * would then wait out its SMTP greeting timeout there instead of failing at once.
   */
  down(): Promise<void>;
  /** SMTP again on the same port. */
  up(): Promise<void>;
  /** Holds every message this long after its data arrived before answering 250 (0: none). */
  stallEachMessage(ms: number): void;
}

export interface SmtpCatcherOptions {
  /** See SmtpCatcher.stallEachMessage. */
  stallMs?: number;
}

/**
 * Starts the catcher, writing each message to `<dir>/<timestamp>-<seq>.json`.
 * While `<dir>/.refuse` exists, recipients are refused with 451: all of them if the file is
 * empty, otherwise only the addresses it lists (one per line).
 * A spec that needs the server down or slow starts its own catcher (own dir and port), so other
 * spec files running in parallel are not disturbed.
 */
export async function startSmtpCatcher(
  dir: string,
  options: SmtpCatcherOptions = {},
): Promise<SmtpCatcher> {
  let sequence = 0;
  let stallMs = options.stallMs ?? 0;

  const create = (): SMTPServer => {
    const server = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 1_000,
      onAuth(auth, _session, callback) {
        callback(null, { user: auth.username ?? 'anonymous' });
      },
      onRcptTo(address, _session, callback) {
        isRefused(dir, address.address)
          .then((refused) => callback(refused ? temporaryFailure(address.address) : undefined))
          .catch(callback);
      },
      onData(stream, session, callback) {
        const receivedAt = Date.now();
        const name = `${receivedAt}-${String(++sequence).padStart(6, '0')}`;
        const stall = stallMs;
        // Stored after the stall, just before the 250, as a slow server commits the message it
        // then acknowledges (a client that gave up meanwhile does not un-send it).
        const stored = storeMessage(dir, name, stream, session, receivedAt, async () => {
          if (stall > 0) await new Promise((resolve) => setTimeout(resolve, stall));
        });
        stored.then(() => callback()).catch(callback);
      },
    });
    server.on('error', (error) => console.error('[smtp-catcher]', error));
    return server;
  };

  const listen = (server: SMTPServer, port: number): Promise<number> =>
    listenOn(server.server, port);
  const close = (server: SMTPServer): Promise<void> =>
    new Promise<void>((resolve) => server.close(() => resolve()));

  let server: SMTPServer | null = create();
  const port = await listen(server, 0);
  /** While down: the listener that holds the port and resets every connection. */
  let holder: Server | null = null;

  return {
    url: `smtp://127.0.0.1:${port}`,
    async stop() {
      if (server) await close(server);
      server = null;
      if (holder) await closeHolder(holder);
      holder = null;
    },
    async down() {
      if (!server) return;
      // SMTPServer.close stops listening at once, then gives open sessions closeTimeout to end:
      // the port is held again before those end.
      const closing = close(server);
      server = null;
      holder = await whenPortFree(() => holdPort(port));
      await closing;
    },
    async up() {
      if (server) return;
      if (holder) await closeHolder(holder);
      holder = null;
      const next = create();
      await whenPortFree(() => listen(next, port));
      server = next;
    },
    stallEachMessage(ms: number) {
      stallMs = ms;
    },
  };
}

/** Listens on 127.0.0.1:`port` (0: any free one); answers the port, or rejects (EADDRINUSE). */
function listenOn(server: Server, port: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.removeListener('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

/** Listens on `port` and resets every connection at once (a catcher that is down). */
async function holdPort(port: number): Promise<Server> {
  const holder = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.resetAndDestroy();
  });
  await listenOn(holder, port);
  return holder;
}

function closeHolder(holder: Server): Promise<void> {
  return new Promise<void>((resolve) => holder.close(() => resolve()));
}

/**
 * `bind` once the port is free: a listener that was just closed may hold it for a moment longer
 * (its handle closes on a later turn of the event loop), so EADDRINUSE is tried again shortly.
 */
async function whenPortFree<T>(bind: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await bind();
    } catch (error) {
      if ((error as { code?: string }).code !== 'EADDRINUSE' || attempt >= 200) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

async function storeMessage(
  dir: string,
  name: string,
  stream: Readable,
  session: SMTPServerSession,
  receivedAt: number,
  beforeCommit: () => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  const parsed = await simpleParser(stream);
  await beforeCommit();
  const mail: CaughtMail = {
    to: recipients(session.envelope.rcptTo, parsed),
    from: parsed.from?.text ?? '',
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : null,
    date: parsed.date ? parsed.date.toISOString() : null,
    messageId: parsed.messageId ?? null,
    headers: rawHeaders(parsed),
    receivedAt,
  };
  // Write then rename, so a reader never sees a half-written file.
  const tmp = join(dir, `.${name}.tmp`);
  await writeFile(tmp, JSON.stringify(mail, null, 2));
  await rename(tmp, join(dir, `${name}.json`));
}

function recipients(envelope: SMTPServerAddress[], parsed: ParsedMail): string[] {
  const headerAddresses = [parsed.to, parsed.cc]
    .flatMap((field): AddressObject[] => (field ? ([] as AddressObject[]).concat(field) : []))
    .flatMap((object) => object.value.map((entry) => entry.address ?? ''));
  const all = [...envelope.map((entry) => entry.address), ...headerAddresses];
  return [...new Set(all.filter(Boolean).map((address) => address.toLowerCase()))];
}

function rawHeaders(parsed: ParsedMail): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    headers[key] = key in headers ? `${headers[key]}\n${value}` : value;
  }
  return headers;
}

async function isRefused(dir: string, address: string): Promise<boolean> {
  let content: string;
  try {
    content = await readFile(join(dir, REFUSE_FILE), 'utf8');
  } catch {
    return false; // no switch file: accept
  }
  const listed = content
    .split('\n')
    .map((line) => line.trim().toLowerCase())
    .filter(Boolean);
  return listed.length === 0 || listed.includes(address.toLowerCase());
}

function temporaryFailure(address: string): Error {
  return Object.assign(new Error(`Mailbox ${address} temporarily unavailable (test refusal)`), {
    responseCode: 451,
  });
}
