import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

/**
 * The outbox statistics come from OutboxWorker (MailModule is global), the optional staff check
 * from auth's StaffAuthenticator (AuthModule is global).
 */
@Module({
  controllers: [HealthController],
  providers: [HealthService],
})
export class HealthModule {}
