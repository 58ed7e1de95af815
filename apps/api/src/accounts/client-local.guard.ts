import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import type { Request } from 'express';
import { createValidationPipe } from '../common/validation';
import { SignInDto } from './dto/sign-in.dto';

/** Checks the body's shape (422 per field), then runs passport-local for client logins. */
@Injectable()
export class ClientLocalGuard extends AuthGuard('client-local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    await createValidationPipe().transform(plainToInstance(SignInDto, request.body ?? {}), {
      type: 'body',
      metatype: SignInDto,
    });
    return (await super.canActivate(context)) as boolean;
  }
}
