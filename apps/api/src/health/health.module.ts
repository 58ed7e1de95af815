import { Module } from '@nestjs/common';
import { StaffModule } from '../staff/staff.module';
import { HealthController } from './health.controller';

/** The outbox statistics come from OutboxWorker (MailModule is global). */
@Module({
  imports: [StaffModule],
  controllers: [HealthController],
})
export class HealthModule {}
