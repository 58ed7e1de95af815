import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type * as Nodemailer from 'nodemailer';
import type { SendMailOptions, SentMessageInfo, Transport, Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';

export const MAIL_TRANSPORT_OPTIONS = Symbol('MAIL_TRANSPORT_OPTIONS');

/** What MailModule configures: SMTP (a pool, smtp-options.ts) or the file transport, and the sender. */
export interface MailTransportOptions {
  transport: SMTPPool.Options | Transport<SentMessageInfo>;
  defaults: { from: string };
}

/**
 * The transport the OutboxWorker sends through (nodemailer). nodemailer itself (about 40 files)
 * is loaded when the first message is sent, not at start-up (issue 11 item 5); the options,
 * and the file transport's folder, are made at start-up as before, so a bad setting still
 * stops the start.
 */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private transporter: Transporter<SentMessageInfo> | undefined;

  constructor(@Inject(MAIL_TRANSPORT_OPTIONS) private readonly options: MailTransportOptions) {}

  sendMail(message: SendMailOptions): Promise<SentMessageInfo> {
    return this.transport().sendMail(message);
  }

  onModuleDestroy(): void {
    this.transporter?.close();
    this.transporter = undefined;
  }

  private transport(): Transporter<SentMessageInfo> {
    if (!this.transporter) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const nodemailer = require('nodemailer') as typeof Nodemailer;
      const { transport, defaults } = this.options;
      this.transporter =
        'send' in transport
          ? nodemailer.createTransport(transport, defaults)
          : nodemailer.createTransport(transport, defaults);
    }
    return this.transporter;
  }
}
