import { Controller, Get, Req, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { HealthResponse } from '@app/contracts';
import { Public } from '../auth/decorators';
import { StaffAuthenticator } from '../auth/staff-authenticator';
import { HealthService } from './health.service';

/** What a load balancer or monitor is told to wait before asking again while degraded. */
const RETRY_AFTER_SECONDS = 5;

/** Readiness: 200 when the database and the mail transport are usable, else 503. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly staff: StaffAuthenticator,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Readiness of the database and the mail transport.',
    description:
      'Anonymous callers get up/down per component. With a staff bearer token the answer adds ' +
      '`details`: database driver, mail transport, error text, and the outbox (pending, oldest ' +
      'pending age, stale count).',
  })
  @ApiOkResponse({ description: 'Everything is ready.' })
  @ApiServiceUnavailableResponse({
    description: 'The database or the mail transport is not ready.',
  })
  async check(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<HealthResponse> {
    const body = await this.health.check(() => this.staff.isStaff(request.header('authorization')));
    const ok = body.status === 'ok';
    response.status(ok ? 200 : 503).setHeader('Cache-Control', 'no-store');
    if (!ok) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    return body;
  }
}
