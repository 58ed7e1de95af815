import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { Staff } from './staff.entity';
import { StaffService } from './staff.service';

/** passport-local for staff: username and password in the JSON body. */
@Injectable()
export class StaffLocalStrategy extends PassportStrategy(Strategy, 'staff-local') {
  constructor(private readonly staff: StaffService) {
    super({ usernameField: 'username', passwordField: 'password' });
  }

  async validate(username: string, password: string): Promise<Staff> {
    const member = await this.staff.verifyCredentials(username, password);
    if (!member) throw new UnauthorizedException('The username or password is not right.');
    return member;
  }
}
