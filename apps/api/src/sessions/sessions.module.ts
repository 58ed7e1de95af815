import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientAccount } from '../accounts/client-account.entity';
import { Dispatch } from '../dispatches/dispatch.entity';
import { ClientSessionsService } from './client-sessions.service';
import { Session } from './session.entity';
import { SessionTokensService } from './session-tokens.service';

/** Server-side sessions: SessionTokensService is the only way in. */
@Module({
  // ClientAccount, Dispatch and ClientSessionsService go once PIN sign-in uses SessionTokensService.
  imports: [TypeOrmModule.forFeature([Session, ClientAccount, Dispatch])],
  providers: [SessionTokensService, ClientSessionsService],
  exports: [SessionTokensService, ClientSessionsService],
})
export class SessionsModule {}
