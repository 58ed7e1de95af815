import { ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { newToken } from '../common/crypto';
import type { Session } from '../sessions/session.entity';
import type { SessionTokensService } from '../sessions/session-tokens.service';
import { AccessGuard } from './access.guard';
import { ClientAuthenticator } from './client-authenticator';
import { ClientAccess, Public, StaffOnly } from './decorators';
import type { AuthenticatedRequest, ClientPrincipal, StaffPrincipal } from './principal';
import { callerContextOf } from './request-context';
import { StaffAuthenticator } from './staff-authenticator';

class Routes {
  forgotten(): void {}
  @Public() open(): void {}
  @StaffOnly() anyStaff(): void {}
  @StaffOnly('admin') adminOnly(): void {}
  @ClientAccess() clientTasks(): void {}
}

@Public()
class PublicController {
  page(): void {}
  @StaffOnly('admin') override(): void {}
}

const STAFF_TOKEN = newToken();
const DEVICE_SECRET = newToken();

const staff = (role: StaffPrincipal['role']): StaffPrincipal => ({
  kind: 'staff',
  via: 'bearer',
  staffId: 's1',
  username: 'sam',
  role,
  sessionId: 'sess1',
  integrationId: null,
});
const INTEGRATION_TOKEN = `cpi_${newToken()}`;

const device = (dispatchIds: string[]): ClientPrincipal => ({
  kind: 'client',
  via: 'device',
  scope: { dispatchIds },
  clientIds: ['c1'],
  deviceId: 'd1',
  sessionId: null,
});

const staffSession = { id: 'sess1', subjectType: 'staff', subjectId: 's1' } as Session;

/**
 * The guard with the real authenticators over fake ports and a fake session store: `found.staff`
 * is what the staff directory knows (the request then carries its bearer token), `found.device`
 * what the trusted-device port answers (the request then carries a device cookie).
 */
function setup(
  found: {
    staff?: StaffPrincipal['role'] | null;
    device?: string[] | null;
    /** Send the staff token as the workspace cookie instead of the Authorization header. */
    staffCookie?: boolean;
    /** Send a live integration token (created by staff member s1). */
    integration?: boolean;
  } = {},
) {
  const sessions = {
    find: jest.fn((kinds: string[], token: string | null) =>
      Promise.resolve(kinds.includes('staff') && token === STAFF_TOKEN ? staffSession : null),
    ),
    touch: jest.fn().mockResolvedValue(undefined),
  };
  const directory = {
    findActive: jest.fn((id: string) =>
      Promise.resolve(
        found.staff && id === 's1' ? { id, username: 'sam', role: found.staff } : null,
      ),
    ),
  };
  const devices = {
    authenticate: jest.fn((secret: string) =>
      Promise.resolve(
        found.device && secret === DEVICE_SECRET
          ? { deviceId: 'd1', dispatchIds: found.device, clientIds: ['c1'] }
          : null,
      ),
    ),
  };
  const integrations = {
    authenticate: jest.fn((token: string) =>
      Promise.resolve(
        token === INTEGRATION_TOKEN
          ? { integrationId: 'i1', name: 'Docketing', staffId: 's1' }
          : null,
      ),
    ),
  };
  const logins = { isEnabled: jest.fn().mockResolvedValue(true) };
  const pins = { clientIdOf: jest.fn(), pinDispatchIdsOf: jest.fn() };
  const tokens = sessions as unknown as SessionTokensService;
  const guard = new AccessGuard(
    new Reflector(),
    new StaffAuthenticator(tokens, directory, integrations),
    new ClientAuthenticator(tokens, devices, logins, pins),
    { secureCookies: false },
  );
  const headers: Record<string, string> = found.integration
    ? { authorization: `Bearer ${INTEGRATION_TOKEN}` }
    : found.staff && !found.staffCookie
      ? { authorization: `Bearer ${STAFF_TOKEN}` }
      : {};
  const cookies: Record<string, string> = {};
  if (found.device) cookies.cp_device = DEVICE_SECRET;
  if (found.staff && found.staffCookie) cookies.cp_staff = STAFF_TOKEN;
  const request = {
    headers,
    ip: '192.0.2.1',
    cookies,
    header: (name: string) => headers[name.toLowerCase()],
  } as unknown as AuthenticatedRequest;
  const call = (controller: { prototype: object }, method: string) =>
    guard.canActivate({
      getHandler: () => (controller.prototype as Record<string, unknown>)[method],
      getClass: () => controller,
      switchToHttp: () => ({ getRequest: () => request }),
    } as unknown as ExecutionContext);
  return { call, request, sessions, directory, devices, integrations };
}

describe('AccessGuard', () => {
  it('denies by default: a route that names no policy is closed to everyone', async () => {
    const { call, sessions, devices } = setup({ staff: 'admin', device: ['x'] });
    await expect(call(Routes, 'forgotten')).rejects.toBeInstanceOf(ForbiddenException);
    expect(sessions.find).not.toHaveBeenCalled();
    expect(devices.authenticate).not.toHaveBeenCalled();
  });

  it('lets anyone through a @Public route without looking for a session or device', async () => {
    const { call, sessions, devices, request } = setup();
    await expect(call(Routes, 'open')).resolves.toBe(true);
    expect(sessions.find).not.toHaveBeenCalled();
    expect(devices.authenticate).not.toHaveBeenCalled();
    expect(request.principal).toBeUndefined();
  });

  it('applies a class-level @Public to its methods, and a method policy overrides it', async () => {
    const { call } = setup();
    await expect(call(PublicController, 'page')).resolves.toBe(true);
    await expect(call(PublicController, 'override')).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it('answers 401 on a staff route without a staff session', async () => {
    const { call, directory, request } = setup({ device: ['x'] });
    await expect(call(Routes, 'anyStaff')).rejects.toBeInstanceOf(UnauthorizedException);
    expect(directory.findActive).not.toHaveBeenCalled();
    expect(request.principal).toBeUndefined();
  });

  it('answers 401 on a staff route when the session belongs to no active staff member', async () => {
    const { call, directory, sessions, request } = setup({ staff: 'admin' });
    directory.findActive.mockResolvedValue(null);
    await expect(call(Routes, 'anyStaff')).rejects.toBeInstanceOf(UnauthorizedException);
    expect(sessions.touch).not.toHaveBeenCalled();
    expect(request.principal).toBeUndefined();
  });

  it('answers 403 when the staff role is not among the allowed roles', async () => {
    const { call, request } = setup({ staff: 'staff' });
    await expect(call(Routes, 'adminOnly')).rejects.toBeInstanceOf(ForbiddenException);
    expect(request.principal).toBeUndefined();
  });

  it('lets staff with an allowed role through and records them as the principal', async () => {
    const { call, request, sessions } = setup({ staff: 'admin' });
    await expect(call(Routes, 'adminOnly')).resolves.toBe(true);
    expect(request.principal).toEqual(staff('admin'));
    expect(sessions.find).toHaveBeenCalledWith(['staff'], STAFF_TOKEN);
    expect(sessions.touch).toHaveBeenCalledWith(staffSession);
  });

  it('opens @StaffOnly() with no roles to every staff role', async () => {
    const { call } = setup({ staff: 'staff' });
    await expect(call(Routes, 'anyStaff')).resolves.toBe(true);
  });

  it('does not accept a trusted device on a staff route', async () => {
    const { call, devices } = setup({ device: ['x'] });
    await expect(call(Routes, 'anyStaff')).rejects.toBeInstanceOf(UnauthorizedException);
    expect(devices.authenticate).not.toHaveBeenCalled();
  });

  it('answers 401 on a client route when the browser is no trusted device', async () => {
    const { call } = setup();
    await expect(call(Routes, 'clientTasks')).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it('lets a device with grants through and records it as the principal', async () => {
    const { call, request, directory, devices } = setup({ device: ['dispatch-1'] });
    await expect(call(Routes, 'clientTasks')).resolves.toBe(true);
    expect(request.principal).toEqual(device(['dispatch-1']));
    expect(devices.authenticate).toHaveBeenCalledWith(DEVICE_SECRET);
    expect(directory.findActive).not.toHaveBeenCalled();
  });

  it('does not accept a staff session on a client route', async () => {
    const { call } = setup({ staff: 'admin' });
    await expect(call(Routes, 'clientTasks')).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it('hands the handler the plain caller context (@Caller), on every route it sees', async () => {
    const { call, request } = setup({ device: ['x'] });
    await expect(call(Routes, 'forgotten')).rejects.toBeInstanceOf(ForbiddenException);
    expect(callerContextOf(request)).toEqual({
      ip: '192.0.2.1',
      userAgent: null,
      deviceSecret: DEVICE_SECRET,
      sessionToken: null,
    });
  });

  it('accepts the workspace staff cookie on a staff route, as a cookie session', async () => {
    const { call, request } = setup({ staff: 'admin', staffCookie: true });
    await expect(call(Routes, 'adminOnly')).resolves.toBe(true);
    expect(request.principal).toEqual({ ...staff('admin'), via: 'cookie' });
  });

  it('does not accept the staff cookie on a client route', async () => {
    const { call } = setup({ staff: 'admin', staffCookie: true });
    await expect(call(Routes, 'clientTasks')).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it('does not accept a client session cookie on a staff route', async () => {
    const { call, request, sessions } = setup();
    (request.cookies as Record<string, string>).cp_session = STAFF_TOKEN;
    await expect(call(Routes, 'anyStaff')).rejects.toBeInstanceOf(UnauthorizedException);
    expect(sessions.find).not.toHaveBeenCalledWith(['staff'], STAFF_TOKEN);
  });

  it('lets an integration token act with the staff role for its creator, never as admin', async () => {
    const { call, request } = setup({ staff: 'admin', integration: true });
    await expect(call(Routes, 'anyStaff')).resolves.toBe(true);
    expect(request.principal).toMatchObject({
      via: 'integration',
      staffId: 's1',
      role: 'staff',
      sessionId: null,
      integrationId: 'i1',
    });
    await expect(call(Routes, 'adminOnly')).rejects.toBeInstanceOf(ForbiddenException);
  });

  it('refuses an integration token whose creator is no longer active', async () => {
    const { call } = setup({ staff: null, integration: true });
    await expect(call(Routes, 'anyStaff')).rejects.toBeInstanceOf(UnauthorizedException);
  });
});
