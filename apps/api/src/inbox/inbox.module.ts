import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { ClientsModule } from '../clients/clients.module';
import { SessionsModule } from '../sessions/sessions.module';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';
import { StaffTaskRead } from './staff-task-read.entity';

/** The staff workspace's read models: the inbox, read/unread, the client list with counts. */
@Module({
  imports: [
    TypeOrmModule.forFeature([StaffTaskRead]),
    ClientsModule,
    SessionsModule,
    AccountsModule,
  ],
  controllers: [InboxController],
  providers: [InboxService],
  exports: [InboxService],
})
export class InboxModule {}
