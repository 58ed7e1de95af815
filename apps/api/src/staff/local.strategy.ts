import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { AuditService } from '../audit/audit.service';
import { Staff } from './staff.entity';
import { StaffService } from './staff.service';

/** passport-local for staff: username and password in the JSON body; both outcomes audited. */
@Injectable()
export class StaffLocalStrategy extends PassportStrategy(Strategy, 'staff-local') {
  constructor(
    private readonly staff: StaffService,
    private readonly audit: AuditService,
  ) {
    super({ usernameField: 'username', passwordField: 'password', passReqToCallback: true });
  }

  async validate(request: Request, username: string, password: string): Promise<Staff> {
    const member = await this.staff.verifyCredentials(username, password);
    await this.audit.record({
      type: member ? 'staff.login_ok' : 'staff.login_failed',
      actorType: member ? 'staff' : 'anonymous',
      actorId: member?.id ?? null,
      ip: request.ip ?? null,
    });
    if (!member) throw new UnauthorizedException('The username or password is not right.');
    return member;
  }
}
