import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ClientAuthenticator } from './client-authenticator';
import { ACCESS_POLICY, AccessPolicy } from './decorators';
import type { AuthenticatedRequest } from './principal';
import { attachCallerContext } from './request-context';
import { StaffAuthenticator } from './staff-authenticator';
import { readStaffCookie } from './staff-cookie';

/**
 * Global guard, deny by default: a route runs only if it is marked @Public(), or it names who may
 * call it (@StaffOnly, @ClientAccess) and the caller proves to be that. A route that forgets to
 * say is closed.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly staff: StaffAuthenticator,
    private readonly clients: ClientAuthenticator,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'secureCookies'>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const caller = attachCallerContext(request, this.config);
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (policy === undefined) throw new ForbiddenException('This route is not open to anyone.');
    if (policy.kind === 'public') return true;

    if (policy.kind === 'staff') {
      const principal = await this.staff.authenticate(
        request.header('authorization'),
        readStaffCookie(request, this.config) ?? null,
      );
      if (!principal) throw new UnauthorizedException('Please sign in as staff.');
      if (!policy.roles.includes(principal.role)) {
        throw new ForbiddenException('Your staff role does not allow this.');
      }
      request.principal = principal;
      return true;
    }
    const client = await this.clients.authenticate(caller);
    if (!client) {
      throw new UnauthorizedException(
        'This browser does not have access. Open the link from your e-mail on this device.',
      );
    }
    request.principal = client;
    return true;
  }
}
