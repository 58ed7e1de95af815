import type { LoggerService } from '@nestjs/common';
import { mkdirSync, writeFile } from 'node:fs';
import { join } from 'node:path';
import type { SentMessageInfo, Transport } from 'nodemailer';
import type MailMessage from 'nodemailer/lib/mailer/mail-message';

/** Numbers the files of every file transport in this process (with the pid: unique names). */
let seq = 0;

/** A message composed before it reached the transport (MailTransport's `composeMime`). */
export interface ComposedMail {
  raw: string;
  envelope: { from: string; to: string[] };
  messageId?: string;
  /** For the log line only. */
  to: string;
  subject: string;
}

/** The file transport: a nodemailer transport that also takes a message already composed. */
export interface FileTransport extends Transport<SentMessageInfo> {
  /** Writes a composed message as it is: nodemailer would only carry it into the same file. */
  writeComposed(mail: ComposedMail): Promise<SentMessageInfo>;
}

export function isFileTransport(transport: unknown): transport is FileTransport {
  return typeof (transport as Partial<FileTransport> | null)?.writeComposed === 'function';
}

/**
 * The embedded-default transport (development only; production requires SMTP_URL): each message
 * becomes an .eml file under var/mail, and the log says which file, to whom and its subject, so a
 * developer can open it without a mail server. The log never carries the message's links: their
 * tokens never appear in logs (SPEC rule 1), not even in development.
 */
export function fileTransport(dir: string, logger: LoggerService): FileTransport {
  mkdirSync(dir, { recursive: true });
  /** One new file per message; then the log line. */
  const save = (
    message: string | Buffer,
    data: { to?: unknown; subject?: unknown },
    done: (error: Error | null, file?: string) => void,
  ): void => {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = join(dir, `${stamp}-${process.pid}-${++seq}.eml`);
    // Off the event loop: creating a file waits for the file system's journal, which a busy
    // database's commits keep flushing (a synchronous write there held every request up).
    // 'wx': a new file or an error, never another message overwritten.
    writeFile(file, message, { flag: 'wx' }, (writeError) => {
      if (writeError) return done(writeError);
      logger.log({ message: 'mail written to file', file, to: data.to, subject: data.subject });
      done(null, file);
    });
  };
  return {
    name: 'client-portal-file',
    version: '1.0.0',
    send(mail: MailMessage, callback: (err: Error | null, info?: SentMessageInfo) => void): void {
      mail.message.build((error, message) => {
        if (error) return callback(error);
        save(message, mail.data, (writeError, file) => {
          if (writeError) return callback(writeError);
          callback(null, {
            envelope: mail.message.getEnvelope(),
            messageId: mail.message.messageId(),
            file,
          });
        });
      });
    },
    writeComposed(mail: ComposedMail): Promise<SentMessageInfo> {
      return new Promise((resolve, reject) =>
        save(mail.raw, mail, (error, file) =>
          error
            ? reject(error)
            : resolve({ envelope: mail.envelope, messageId: mail.messageId, file }),
        ),
      );
    },
  };
}
