import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { fileTransport } from './file-transport';
import { MailQueueModule } from './mail-queue.module';
import { MAIL_TRANSPORT_OPTIONS, MailTransport, type MailTransportOptions } from './mail-transport';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxWorker } from './outbox.worker';
import { smtpOptions } from './smtp-options';

/** The outbox (MailQueueModule) and its delivery: the mail transport (MailTransport) and the OutboxWorker. */
@Global()
@Module({
  imports: [MailQueueModule, TypeOrmModule.forFeature([OutboxMessage])],
  providers: [
    {
      provide: MAIL_TRANSPORT_OPTIONS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): MailTransportOptions => {
        const t = config.mail.transport;
        return {
          transport:
            t.kind === 'smtp'
              ? smtpOptions(config.mail, t.url)
              : fileTransport(t.dir, new Logger('Mail')),
          defaults: { from: config.mail.from },
        };
      },
    },
    MailTransport,
    OutboxWorker,
  ],
  exports: [MailQueueModule, OutboxWorker],
})
export class MailModule {}
