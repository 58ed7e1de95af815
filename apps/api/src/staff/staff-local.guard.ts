import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import type { Request } from 'express';
import { createValidationPipe } from '../common/validation';
import { StaffLoginDto } from './dto/staff-login.dto';

/**
 * Runs passport-local after checking the body's shape, so a malformed sign-in gets the same
 * field-by-field 422 as every other form instead of passport's bare 401.
 */
@Injectable()
export class StaffLocalGuard extends AuthGuard('staff-local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    await createValidationPipe().transform(plainToInstance(StaffLoginDto, request.body ?? {}), {
      type: 'body',
      metatype: StaffLoginDto,
    });
    return (await super.canActivate(context)) as boolean;
  }
}
