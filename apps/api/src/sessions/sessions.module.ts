import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientAccount } from '../accounts/client-account.entity';
import { Dispatch } from '../dispatches/dispatch.entity';
import { Session } from '../staff/session.entity';
import { ClientSessionsService } from './client-sessions.service';

@Module({
  imports: [TypeOrmModule.forFeature([Session, ClientAccount, Dispatch])],
  providers: [ClientSessionsService],
  exports: [ClientSessionsService],
})
export class SessionsModule {}
