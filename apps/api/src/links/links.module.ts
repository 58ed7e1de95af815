import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients/clients.module';
import { JobLease } from '../database/job-lease.entity';
import { JobLeases } from '../database/job-leases.service';
import { DevicesModule } from '../devices/devices.module';
import { SessionsModule } from '../sessions/sessions.module';
import { TasksModule } from '../tasks/tasks.module';
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
    // JobLease/JobLeases: until DatabaseModule provides JobLeases to every module.
    TypeOrmModule.forFeature([Link, JobLease]),
    DevicesModule,
    TasksModule,
    ClientsModule,
    SessionsModule,
  ],
  controllers: [LinksController, AdminLinksController],
  providers: [LinksService, AccessLinksService, AdminLinksService, PurgeJob, JobLeases],
  exports: [LinksService, PurgeJob],
})
export class LinksModule {}
