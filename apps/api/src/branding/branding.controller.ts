import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BrandingResponse } from '@app/contracts';
import { Public } from '../auth/decorators';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** How long browsers and proxies may keep the branding: it changes only with a restart. */
export const BRANDING_MAX_AGE_SECONDS = 300;

/** The firm's branding for the portal shell (issue 13): name, logo, colour, contact, time zone. */
@ApiTags('branding')
@Public()
@Controller('branding')
export class BrandingController {
  private readonly body: BrandingResponse;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { branding } = config;
    this.body = {
      name: branding.name,
      logoUrl: branding.logoUrl,
      primaryColor: branding.primaryColor,
      timeZone: config.firm.timeZone,
      contact: { ...branding.contact },
    };
  }

  @Get()
  @Header('Cache-Control', `public, max-age=${BRANDING_MAX_AGE_SECONDS}`)
  @ApiOperation({
    summary: "The firm's name, logo, primary colour, contact footer and time zone.",
    description:
      'Public and cacheable: the portal reads it once at start. Everything comes from the ' +
      'configuration (FIRM_NAME, FIRM_LOGO_URL, FIRM_PRIMARY_COLOR, FIRM_CONTACT_*, ' +
      'FIRM_OFFICE_HOURS, FIRM_TIME_ZONE) and holds nothing secret.',
  })
  @ApiOkResponse({ description: 'The branding.' })
  get(): BrandingResponse {
    return this.body;
  }
}
