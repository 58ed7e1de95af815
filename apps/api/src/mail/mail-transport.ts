import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { LazyModuleLoader } from '@nestjs/core';
import type * as Mailer from '@nestjs-modules/mailer';
import type { ISendMailOptions, MailerService } from '@nestjs-modules/mailer';
import type { SentMessageInfo, Transport } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { type ComposedMail, isFileTransport } from './file-transport';
import { composeMime, isSimpleAddress, type Mailbox } from './mime-message';

export const MAIL_TRANSPORT_OPTIONS = Symbol('MAIL_TRANSPORT_OPTIONS');

/** What MailModule configures: SMTP (a pool, smtp-options.ts) or the file transport, and the sender. */
export interface MailTransportOptions {
  transport: SMTPPool.Options | Transport<SentMessageInfo>;
  defaults: { from: string };
}

/**
 * What the OutboxWorker sends through: @nestjs-modules/mailer's MailerService (nodemailer under
 * it), configured with MailModule's options. Nest loads that module lazily, when the first
 * message is sent, not at start-up (issue 11 item 5: about 55 files that the embedded default's
 * first healthy answer does not need). The options, and the file transport's folder, are still
 * made at start-up, so a bad mail setting still stops the start.
 */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private mailer: Promise<MailerService> | undefined;
  /** The configured sender as one plain mailbox, or null when the composer cannot write it. */
  private readonly sender: Mailbox | null;

  constructor(
    @Inject(MAIL_TRANSPORT_OPTIONS) private readonly options: MailTransportOptions,
    private readonly modules: LazyModuleLoader,
  ) {
    const parsed = addressparser(options.defaults.from, { flatten: true });
    const only = parsed.length === 1 ? parsed[0] : null;
    this.sender = only && isSimpleAddress(only.address) ? only : null;
  }

  /**
   * Sends one message. A plain one (what the outbox sends: one simple recipient address, a
   * subject, text and HTML, a Message-ID) is written by our composer (`composeMime`): the file
   * transport writes it as it is (`writeComposed`), and SMTP gets it as nodemailer's `raw`, with
   * the addresses for the envelope. Anything else is composed by nodemailer. Either way
   * nodemailer is told never to read a local file or fetch a URL into it (an attachment or an
   * alternative given as `path` or `href`), so no value that reached a message can make the
   * server mail out its own files or request an address on its behalf.
   */
  async sendMail(message: ISendMailOptions): Promise<SentMessageInfo> {
    const composed = this.compose(message);
    const transport = this.options.transport;
    if (composed && isFileTransport(transport)) {
      // nodemailer would only carry the text into the same file: its mail object, plugins and
      // streams cost about 0.2 ms of CPU per redeem in the bench (issue 11).
      return transport.writeComposed(composed);
    }
    const mailer = await this.mailerService();
    return mailer.sendMail({
      ...(composed === null
        ? message
        : {
            to: composed.to,
            subject: composed.subject,
            messageId: composed.messageId,
            raw: composed.raw,
          }),
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  /** The message as MIME text, or null when it is not a plain one (nodemailer composes it). */
  private compose(message: ISendMailOptions): ComposedMail | null {
    const { to, subject, text, html, messageId, ...rest } = message;
    if (
      this.sender === null ||
      Object.keys(rest).length > 0 ||
      typeof to !== 'string' ||
      !isSimpleAddress(to) ||
      typeof subject !== 'string' ||
      typeof text !== 'string' ||
      (html !== undefined && typeof html !== 'string') ||
      (messageId !== undefined && typeof messageId !== 'string')
    ) {
      return null;
    }
    return {
      raw: composeMime({ from: this.sender, to, subject, text, html, messageId }),
      envelope: { from: this.sender.address, to: [to] },
      messageId,
      to,
      subject,
    };
  }

  /** Nest runs no lifecycle hook of a lazily loaded module: the mailer's pool is closed here. */
  async onModuleDestroy(): Promise<void> {
    const loading = this.mailer;
    this.mailer = undefined;
    const mailer = await loading?.catch(() => undefined);
    await mailer?.onModuleDestroy();
  }

  private mailerService(): Promise<MailerService> {
    if (!this.mailer) {
      const loading = this.load();
      this.mailer = loading;
      // A load that failed is tried again with the next message (the outbox retries it).
      loading.catch(() => {
        if (this.mailer === loading) this.mailer = undefined;
      });
    }
    return this.mailer;
  }

  private async load(): Promise<MailerService> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mailer = require('@nestjs-modules/mailer') as typeof Mailer;
    const module = await this.modules.load(() => mailer.MailerModule.forRoot(this.options));
    return module.get(mailer.MailerService, { strict: false });
  }
}
