import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailService } from './mail.service';
import { OutboxMessage } from './outbox-message.entity';

/**
 * Queuing mail only (MailService.enqueue into the outbox): no transport, no worker. MailModule
 * adds delivery for the server; `npm run purge` (apps/api/src/purge.ts) imports this alone.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage])],
  providers: [MailService],
  exports: [MailService],
})
export class MailQueueModule {}
