import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { signInFailed, signInThrottled } from '../auth/sign-in-errors';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { FailureThrottle } from '../throttle/failure-throttle.service';
import { signInLimits } from '../throttle/sign-in-limits';
import { Staff } from './staff.entity';
import { StaffService } from './staff.service';

/**
 * passport-local for staff: username and password in the JSON body. Like client sign-in, each
 * attempt is claimed per account name and per address before the password hash is checked (an
 * argon2 verification costs CPU), so parallel guesses cannot beat the limit; unknown names get
 * the same answer and the same argon2 work. Every outcome is audited.
 */
@Injectable()
export class StaffLocalStrategy extends PassportStrategy(Strategy, 'staff-local') {
  constructor(
    private readonly staff: StaffService,
    private readonly audit: AuditService,
    private readonly throttle: FailureThrottle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super({ usernameField: 'username', passwordField: 'password', passReqToCallback: true });
  }

  async validate(request: Request, username: string, password: string): Promise<Staff> {
    const ip = request.ip ?? 'unknown';
    const [accountLimit, addressLimit] = signInLimits('staff', this.config, username, ip);
    const claimed = await this.throttle.claim([accountLimit, addressLimit]);
    if (!claimed.ok) {
      await this.audit.record({ type: 'staff.login_throttled', actorType: 'anonymous', ip });
      throw signInThrottled(claimed.retryAfterSeconds);
    }
    const member = await this.staff.verifyCredentials(username, password);
    await this.audit.record({
      type: member ? 'staff.login_ok' : 'staff.login_failed',
      actorType: member ? 'staff' : 'anonymous',
      actorId: member?.id ?? null,
      ip,
    });
    if (!member) throw signInFailed();
    // A right password was no failure: the account's count starts afresh, the address's claim
    // is given back.
    await this.throttle.clear(accountLimit);
    await this.throttle.release(claimed.claims[1]);
    return member;
  }
}
