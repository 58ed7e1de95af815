import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { AccountsService } from './accounts.service';
import type { ClientAccount } from './client-account.entity';

/** passport-local for client logins: username (or order email) and password in the JSON body. */
@Injectable()
export class ClientLocalStrategy extends PassportStrategy(Strategy, 'client-local') {
  constructor(private readonly accounts: AccountsService) {
    super({ usernameField: 'username', passwordField: 'password', passReqToCallback: true });
  }

  validate(request: Request, username: string, password: string): Promise<ClientAccount> {
    return this.accounts.verify(username, password, request.ip ?? 'unknown');
  }
}
