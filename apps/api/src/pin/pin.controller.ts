import { Body, Controller, Header, HttpCode, Inject, Post, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { PinSessionResponse } from '@app/contracts';
import { Public } from '../auth/decorators';
import { Caller, type CallerContext } from '../auth/request-context';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { writeSessionCookie } from '../auth/session-cookie';
import { PinSignInDto } from './dto/pin-sign-in.dto';
import { PinService } from './pin.service';

@ApiTags('client: legacy PIN')
@Controller('pin')
export class PinController {
  constructor(
    private readonly pins: PinService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('sessions')
  @Public()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Open a task sent with a PIN: reference and PIN give a session.' })
  @ApiOkResponse({ description: 'Signed in to that dispatch; the session cookie is set.' })
  @ApiUnauthorizedResponse({ description: 'pin_failed: reference or PIN not right.' })
  @ApiTooManyRequestsResponse({ description: 'pin_locked or too_many_attempts, with Retry-After.' })
  async signIn(
    @Body() body: PinSignInDto,
    @Caller() caller: CallerContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PinSessionResponse> {
    const { token, session, reference } = await this.pins.signIn(body.reference, body.pin, caller);
    const maxAge = session.expiresAt.getTime() - session.createdAt.getTime();
    writeSessionCookie(response, this.config, token, maxAge);
    return { reference, expiresAt: session.expiresAt.toISOString() };
  }
}
