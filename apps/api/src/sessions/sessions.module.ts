import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Session } from './session.entity';
import { SessionTokensService } from './session-tokens.service';

/** Server-side sessions (staff, client login, PIN): SessionTokensService is the only way in. */
@Module({
  imports: [TypeOrmModule.forFeature([Session])],
  providers: [SessionTokensService],
  exports: [SessionTokensService],
})
export class SessionsModule {}
