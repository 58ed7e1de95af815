import type { LoggerService } from '@nestjs/common';
import { mkdirSync, writeFile } from 'node:fs';
import { join } from 'node:path';
import type { SentMessageInfo, Transport } from 'nodemailer';
import type MailMessage from 'nodemailer/lib/mailer/mail-message';

/** Numbers the files of every file transport in this process (with the pid: unique names). */
let seq = 0;

/**
 * The embedded-default transport (development only; production requires SMTP_URL): each message
 * becomes an .eml file under var/mail, and the log says which file, to whom and its subject, so a
 * developer can open it without a mail server. The log never carries the message's links: their
 * tokens never appear in logs (SPEC rule 1), not even in development.
 */
export function fileTransport(dir: string, logger: LoggerService): Transport<SentMessageInfo> {
  mkdirSync(dir, { recursive: true });
  return {
    name: 'client-portal-file',
    version: '1.0.0',
    send(mail: MailMessage, callback: (err: Error | null, info?: SentMessageInfo) => void): void {
      mail.message.build((error, message) => {
        if (error) return callback(error);
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        const file = join(dir, `${stamp}-${process.pid}-${++seq}.eml`);
        // Off the event loop: creating a file waits for the file system's journal, which a busy
        // database's commits keep flushing (a synchronous write there held every request up).
        // 'wx': a new file or an error, never another message overwritten.
        writeFile(file, message, { flag: 'wx' }, (writeError) => {
          if (writeError) return callback(writeError);
          written(file);
        });
      });
      const written = (file: string): void => {
        logger.log({
          message: 'mail written to file',
          file,
          to: mail.data.to,
          subject: mail.data.subject,
        });
        callback(null, {
          envelope: mail.message.getEnvelope(),
          messageId: mail.message.messageId(),
          file,
        });
      };
    },
  };
}
