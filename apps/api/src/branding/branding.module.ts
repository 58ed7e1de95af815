import { Module } from '@nestjs/common';
import { BrandingController } from './branding.controller';

/** The public branding endpoint (issue 13); the values are the validated configuration's. */
@Module({ controllers: [BrandingController] })
export class BrandingModule {}
