import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Client } from '../clients/client.entity';
import { ClientsModule } from '../clients/clients.module';
import { JobLease } from '../database/job-lease.entity';
import { JobLeases } from '../database/job-leases.service';
import { DevicesModule } from '../devices/devices.module';
import { TasksModule } from '../tasks/tasks.module';
import { AccessLinksService } from './access-links.service';
import { AdminLinksController } from './admin-links.controller';
import { AdminLinksService } from './admin-links.service';
import { Link } from './link.entity';
import { LinksController } from './links.controller';
import { LinksService } from './links.service';
import { PurgeJob } from './purge.job';

@Module({
  imports: [
    TypeOrmModule.forFeature([Link, Client, JobLease]),
    DevicesModule,
    TasksModule,
    ClientsModule,
  ],
  controllers: [LinksController, AdminLinksController],
  providers: [LinksService, AccessLinksService, AdminLinksService, PurgeJob, JobLeases],
  exports: [LinksService, PurgeJob],
})
export class LinksModule {}
