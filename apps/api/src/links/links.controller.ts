import { Body, Controller, Header, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiUnauthorizedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AccessLinkSentResponse, LinkStatusResponse, RedeemResponse } from '@app/contracts';
import { Public } from '../auth/decorators';
import { Caller, type CallerContext } from '../auth/request-context';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { writeDeviceCookie } from '../auth/device-cookie';
import { readPendingCookie, writePendingCookie } from '../auth/pending-cookie';
import { AccessCodeDto } from './dto/access-code.dto';
import { LinkTokenDto } from './dto/link-token.dto';
import { AccessLinksService } from './access-links.service';
import { LinksService } from './links.service';

/** Tokens travel in POST bodies, never in API URLs, so they stay out of access logs. */
@ApiTags('client: links')
@Public()
@Controller('links')
export class LinksController {
  constructor(
    private readonly links: LinksService,
    private readonly accessLinks: AccessLinksService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('status')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'What the link page may show. Changes nothing: scanners may call it freely.',
  })
  @ApiOkResponse({ description: 'ready, trusted, declined, expired or unknown.' })
  status(
    @Body() body: LinkTokenDto,
    @Caller() caller: CallerContext,
    @Req() request: Request,
  ): Promise<LinkStatusResponse> {
    return this.links.status(body.token, { ...caller, pendingSecret: this.pending(request) });
  }

  @Post('access-link')
  @HttpCode(202)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Send Access Link: e-mail a new link and a 6-digit code for the same tasks to the original address only, both bound to this browser (a pending cookie is set). Throttled.',
  })
  @ApiAcceptedResponse({ description: 'The e-mail is on its way to the masked address.' })
  @ApiTooManyRequestsResponse({ description: 'Too soon; see Retry-After.' })
  async sendAccessLink(
    @Body() body: LinkTokenDto,
    @Caller() caller: CallerContext,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AccessLinkSentResponse> {
    const sent = await this.accessLinks.send(body.token, caller, this.pending(request));
    writePendingCookie(response, this.config, sent.pendingSecret, sent.pendingMaxAgeMs);
    return sent.response;
  }

  @Post('access-code')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Type the 6-digit code from the access-link e-mail in the browser that asked for it: this browser becomes the trusted device. Single use, 10 minutes, 5 tries; throttled.',
  })
  @ApiOkResponse({ description: 'Trusted; the device cookie is set.' })
  @ApiUnauthorizedResponse({ description: 'Wrong code (code_wrong).' })
  @ApiForbiddenResponse({
    description: 'This browser did not ask (code_other_device), or link_withdrawn.',
  })
  @ApiGoneResponse({ description: 'code_expired, or code_used_up after 5 tries.' })
  @ApiNotFoundResponse({ description: 'No such link (link_unknown).' })
  @ApiTooManyRequestsResponse({ description: 'too_many_attempts, with Retry-After.' })
  async enterAccessCode(
    @Body() body: AccessCodeDto,
    @Caller() caller: CallerContext,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RedeemResponse> {
    const outcome = await this.accessLinks.enterCode(
      body.token,
      body.code,
      caller,
      this.pending(request),
    );
    if (outcome.newDeviceSecret) writeDeviceCookie(response, this.config, outcome.newDeviceSecret);
    return { state: 'trusted', tasks: outcome.tasks };
  }

  @Post('redeem')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Use the link: this browser becomes the trusted device for its tasks.' })
  @ApiOkResponse({ description: 'Trusted; the device cookie is set.' })
  @ApiForbiddenResponse({
    description:
      'Used on another device (link_declined), or an access link asked for in another browser (link_other_device).',
  })
  @ApiGoneResponse({ description: 'Expired (link_expired).' })
  @ApiNotFoundResponse({ description: 'No such link (link_unknown).' })
  async redeem(
    @Body() body: LinkTokenDto,
    @Caller() caller: CallerContext,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RedeemResponse> {
    const outcome = await this.links.redeem(body.token, {
      ...caller,
      pendingSecret: this.pending(request),
    });
    if (outcome.newDeviceSecret) writeDeviceCookie(response, this.config, outcome.newDeviceSecret);
    return { state: 'trusted', tasks: outcome.tasks };
  }

  /** The pending cookie Send Access Link set on this browser (issue 14), or null. */
  private pending(request: Request): string | null {
    return readPendingCookie(request, this.config);
  }
}
