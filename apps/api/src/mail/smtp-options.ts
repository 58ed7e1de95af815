import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { AppConfig } from '../config/app-config';
import { SEND_CONCURRENCY } from './outbox.worker';

/**
 * nodemailer SMTP options with explicit timeouts. nodemailer's own defaults (2 minutes to
 * connect, 10 minutes of silence) are longer than a worker's claim on a message, so without
 * these a slow server could hold a send past the claim and let a second instance send it too.
 */
export function smtpOptions(
  mail: Pick<AppConfig['mail'], 'smtpTimeouts'>,
  url: string,
): SMTPPool.Options {
  return {
    url,
    // A few reused connections: the worker sends SEND_CONCURRENCY messages at once.
    pool: true,
    maxConnections: SEND_CONCURRENCY,
    maxMessages: 100,
    connectionTimeout: mail.smtpTimeouts.connectionMs,
    greetingTimeout: mail.smtpTimeouts.greetingMs,
    socketTimeout: mail.smtpTimeouts.socketMs,
    dnsTimeout: mail.smtpTimeouts.connectionMs,
  };
}
