import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { StaffRole } from '@app/contracts';
import type { AuthenticatedRequest, ClientPrincipal, StaffPrincipal } from './principal';

export const ACCESS_POLICY = 'access-policy';

export type AccessPolicy =
  { kind: 'public' } | { kind: 'staff'; roles: StaffRole[] } | { kind: 'client' };

/** Opens a route to anyone. Every other route is closed unless it names who may call it. */
export const Public = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_POLICY, { kind: 'public' } satisfies AccessPolicy);

/**
 * Staff with a live session, sent as "Authorization: Bearer <token>" (a staff session or an
 * integration token, which acts with the `staff` role) or as the workspace's staff cookie.
 */
export const StaffOnly = (...roles: StaffRole[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ACCESS_POLICY, {
      kind: 'staff',
      roles: roles.length ? roles : ['admin', 'staff'],
    } satisfies AccessPolicy),
    ApiBearerAuth('staff'),
    ApiCookieAuth('staff-cookie'),
    ApiUnauthorizedResponse({ description: 'No valid staff session.' }),
    ApiForbiddenResponse({ description: 'The staff role does not allow this.' }),
  );

/** A client's browser holding a trusted-device cookie with live access. */
export const ClientAccess = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ACCESS_POLICY, { kind: 'client' } satisfies AccessPolicy),
    ApiCookieAuth('device'),
    ApiUnauthorizedResponse({ description: 'This browser has no access.' }),
  );

export const CurrentStaff = createParamDecorator(
  (_: unknown, context: ExecutionContext): StaffPrincipal => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (principal?.kind !== 'staff')
      throw new Error('CurrentStaff used on a route without StaffOnly');
    return principal;
  },
);

export const CurrentClient = createParamDecorator(
  (_: unknown, context: ExecutionContext): ClientPrincipal => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (principal?.kind !== 'client')
      throw new Error('CurrentClient used on a route without ClientAccess');
    return principal;
  },
);
