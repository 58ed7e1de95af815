import {
  Body,
  Controller,
  Delete,
  ForbiddenException,
  Get,
  Header,
  HttpCode,
  Inject,
  Patch,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { StaffLoginResponse, StaffSessionView } from '@app/contracts';
import { CurrentStaff, Public, StaffOnly } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { clearStaffCookie, writeStaffCookie } from '../auth/staff-cookie';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { SessionTokensService } from '../sessions/session-tokens.service';
import { StaffLoginDto } from './dto/staff-login.dto';
import { UpdateOwnProfileDto } from './dto/update-own-profile.dto';
import { StaffLocalGuard } from './staff-local.guard';
import { Staff } from './staff.entity';
import { StaffService } from './staff.service';

@ApiTags('staff')
@Controller('staff')
export class StaffAuthController {
  constructor(
    private readonly sessions: SessionTokensService,
    private readonly staff: StaffService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @Public()
  @UseGuards(StaffLocalGuard)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Sign in as staff; returns a bearer token for the admin API. Integrations use integration tokens instead; the workspace uses POST /api/staff/session.',
  })
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
  @ApiOperation({
    summary: 'End this staff session on the server (and clear the workspace cookie).',
  })
  async logout(
    @CurrentStaff() staff: StaffPrincipal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.endSession(staff, response);
  }

  @Post('session')
  @Public()
  @UseGuards(StaffLocalGuard)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Sign in to the staff workspace in a browser: the session rides an HttpOnly, SameSite=Strict cookie (no token in the answer); writes then need X-Requested-With like every cookie write.',
  })
  @ApiOkResponse({ description: 'Signed in; the cookie is set.' })
  @ApiUnauthorizedResponse({ description: 'sign_in_failed (same answer for unknown usernames).' })
  @ApiForbiddenResponse({ description: 'csrf_rejected: a cookie was sent without the header.' })
  @ApiTooManyRequestsResponse({ description: 'too_many_attempts, as for POST /api/staff/login.' })
  async signIn(
    @Body() _body: StaffLoginDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StaffSessionView> {
    const member = request.user as Staff;
    const { token, session } = await this.sessions.issue('staff', member.id, 'workspace');
    writeStaffCookie(
      response,
      this.config,
      token,
      session.expiresAt.getTime() - session.createdAt.getTime(),
    );
    return {
      staff: {
        id: member.id,
        username: member.username,
        displayName: member.displayName,
        role: member.role,
        email: member.email,
      },
      expiresAt: session.expiresAt.toISOString(),
      via: 'cookie',
      firmName: this.config.firmName,
    };
  }

  @Get('session')
  @StaffOnly()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Who is signed in (workspace cookie, bearer or integration token).' })
  @ApiOkResponse({ description: 'The staff member and the session.' })
  async current(@CurrentStaff() principal: StaffPrincipal): Promise<StaffSessionView> {
    const member = await this.staff.get(principal.staffId);
    const session = principal.sessionId ? await this.sessions.get(principal.sessionId) : null;
    return {
      staff: {
        id: member.id,
        username: principal.username,
        displayName: member.displayName,
        role: principal.role,
        email: member.email,
      },
      expiresAt: session?.expiresAt.toISOString() ?? null,
      via: principal.via,
      firmName: this.config.firmName,
    };
  }

  @Patch('session/profile')
  @StaffOnly()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Edit your own display name (what clients see on your replies) and e-mail address; only the fields given change.',
  })
  @ApiOkResponse({ description: 'The session view with the new name and address.' })
  @ApiForbiddenResponse({ description: 'integration_cannot_edit_profile: an integration token.' })
  @ApiUnprocessableEntityResponse({ description: 'The name or address is not valid.' })
  async updateProfile(
    @CurrentStaff() principal: StaffPrincipal,
    @Body() body: UpdateOwnProfileDto,
  ): Promise<StaffSessionView> {
    if (principal.via === 'integration') {
      // An integration token acts for the firm, not as the person who created it.
      throw new ForbiddenException({
        error: 'integration_cannot_edit_profile',
        message: 'An integration token cannot edit a staff profile; sign in as the staff member.',
      });
    }
    await this.staff.updateOwnProfile(principal.staffId, body);
    return this.current(principal);
  }

  @Delete('session')
  @StaffOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out of the workspace: ends the session and clears the cookie.' })
  async signOut(
    @CurrentStaff() staff: StaffPrincipal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.endSession(staff, response);
  }

  private async endSession(staff: StaffPrincipal, response: Response): Promise<void> {
    // An integration token has no session to end: it is revoked by an admin.
    if (staff.sessionId) await this.sessions.revoke(staff.sessionId);
    clearStaffCookie(response, this.config);
  }
}
