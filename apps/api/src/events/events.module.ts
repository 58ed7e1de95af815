import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityEvent } from './activity-event.entity';
import { ActivityService } from './activity.service';

/** The activity event point (issue 12): owns `activity_events`. Global like the mail queue. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ActivityEvent])],
  providers: [ActivityService],
  exports: [ActivityService],
})
export class EventsModule {}
