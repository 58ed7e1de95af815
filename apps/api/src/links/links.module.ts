import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients/clients.module';
import { DevicesModule } from '../devices/devices.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { SessionsModule } from '../sessions/sessions.module';
import { TasksModule } from '../tasks/tasks.module';
import { ThrottleModule } from '../throttle/throttle.module';
import { AccessLinksService } from './access-links.service';
import { AdminLinksController } from './admin-links.controller';
import { AdminLinksService } from './admin-links.service';
import { Link } from './link.entity';
import { LinksController } from './links.controller';
import { LinksService } from './links.service';
import { PurgeJob } from './purge.job';

/** Links (SPEC rules 1-6): LinksService owns `links`; the purge job runs beside them. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Link]),
    DevicesModule,
    TasksModule,
    ClientsModule,
    SessionsModule,
    ThrottleModule,
    // The purge job deletes expired Idempotency-Keys (issue 12).
    IdempotencyModule,
  ],
  controllers: [LinksController, AdminLinksController],
  providers: [LinksService, AccessLinksService, AdminLinksService, PurgeJob],
  exports: [LinksService, PurgeJob],
})
export class LinksModule {}
