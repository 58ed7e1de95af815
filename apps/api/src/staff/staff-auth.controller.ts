import { Body, Controller, Header, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { StaffLoginResponse } from '@app/contracts';
import { CurrentStaff, Public, StaffOnly } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { StaffLoginDto } from './dto/staff-login.dto';
import { StaffLocalGuard } from './staff-local.guard';
import { SessionTokensService } from '../sessions/session-tokens.service';
import { Staff } from './staff.entity';

@ApiTags('staff')
@Controller('staff')
export class StaffAuthController {
  constructor(private readonly sessions: SessionTokensService) {}

  @Post('login')
  @Public()
  @UseGuards(StaffLocalGuard)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Sign in as staff; returns a bearer token for the admin API.' })
  @ApiOkResponse({ description: 'Signed in.' })
  @ApiUnauthorizedResponse({ description: 'sign_in_failed (same answer for unknown usernames).' })
  @ApiTooManyRequestsResponse({
    description: 'too_many_attempts: 5 per username, 20 per address in 15 minutes (by default).',
  })
  async login(@Body() _body: StaffLoginDto, @Req() request: Request): Promise<StaffLoginResponse> {
    const member = request.user as Staff;
    const { token, session } = await this.sessions.issue('staff', member.id);
    return {
      token,
      expiresAt: session.expiresAt.toISOString(),
      staff: { id: member.id, username: member.username, role: member.role },
    };
  }

  @Post('logout')
  @StaffOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'End this staff session on the server.' })
  async logout(@CurrentStaff() staff: StaffPrincipal): Promise<void> {
    await this.sessions.revoke(staff.sessionId);
  }
}
