import { Body, Controller, Header, HttpCode, Inject, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { AccessLinkSentResponse, LinkStatusResponse, RedeemResponse } from '@app/contracts';
import { Public } from '../auth/decorators';
import { Caller, type CallerContext } from '../auth/request-context';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { writeDeviceCookie } from '../auth/device-cookie';
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
  status(@Body() body: LinkTokenDto, @Caller() caller: CallerContext): Promise<LinkStatusResponse> {
    return this.links.status(body.token, caller);
  }

  @Post('access-link')
  @HttpCode(202)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Send Access Link: e-mail a new link for the same tasks to the original address only. Throttled.',
  })
  @ApiAcceptedResponse({ description: 'The e-mail is on its way to the masked address.' })
  @ApiTooManyRequestsResponse({ description: 'Too soon; see Retry-After.' })
  sendAccessLink(
    @Body() body: LinkTokenDto,
    @Caller() caller: CallerContext,
  ): Promise<AccessLinkSentResponse> {
    return this.accessLinks.send(body.token, caller);
  }

  @Post('redeem')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Use the link: this browser becomes the trusted device for its tasks.' })
  @ApiOkResponse({ description: 'Trusted; the device cookie is set.' })
  @ApiForbiddenResponse({ description: 'Used on another device (link_declined).' })
  @ApiGoneResponse({ description: 'Expired (link_expired).' })
  @ApiNotFoundResponse({ description: 'No such link (link_unknown).' })
  async redeem(
    @Body() body: LinkTokenDto,
    @Caller() caller: CallerContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RedeemResponse> {
    const outcome = await this.links.redeem(body.token, caller);
    if (outcome.newDeviceSecret) writeDeviceCookie(response, this.config, outcome.newDeviceSecret);
    return { state: 'trusted', tasks: outcome.tasks };
  }
}
