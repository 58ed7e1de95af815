import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ClientAuthenticator } from './client-authenticator';
import { StaffSessionsService } from '../staff/staff-sessions.service';
import { ACCESS_POLICY, AccessPolicy } from './decorators';
import type { AuthenticatedRequest } from './principal';
import { attachCallerContext } from './request-context';

/**
 * Global guard, deny by default: a route runs only if it is marked @Public(), or it names who may
 * call it (@StaffOnly, @ClientAccess) and the caller proves to be that. A route that forgets to
 * say is closed.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly staffSessions: StaffSessionsService,
    private readonly clients: ClientAuthenticator,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'secureCookies'>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    attachCallerContext(request, this.config);
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (policy === undefined) throw new ForbiddenException('This route is not open to anyone.');
    if (policy.kind === 'public') return true;

    if (policy.kind === 'staff') {
      const principal = await this.staffSessions.authenticate(request);
      if (!principal) throw new UnauthorizedException('Please sign in as staff.');
      if (!policy.roles.includes(principal.role)) {
        throw new ForbiddenException('Your staff role does not allow this.');
      }
      request.principal = principal;
      return true;
    }
    const client = await this.clients.authenticate(request);
    if (!client) {
      throw new UnauthorizedException(
        'This browser does not have access. Open the link from your e-mail on this device.',
      );
    }
    request.principal = client;
    return true;
  }
}
