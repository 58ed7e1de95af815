import { ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { StaffSessionsService } from '../staff/staff-sessions.service';
import { AccessGuard } from './access.guard';
import { ClientAccess, Public, StaffOnly } from './decorators';
import type { ClientAuthenticator } from './client-authenticator';
import type { AuthenticatedRequest, ClientPrincipal, StaffPrincipal } from './principal';

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

const staff = (role: StaffPrincipal['role']): StaffPrincipal => ({
  kind: 'staff',
  staffId: 's1',
  username: 'sam',
  role,
  sessionId: 'sess1',
});

const device = (dispatchIds: string[]): ClientPrincipal => ({
  kind: 'client',
  via: 'device',
  scope: { dispatchIds },
  clientIds: ['c1'],
  deviceId: 'd1',
  sessionId: null,
});

function setup(found: { staff?: StaffPrincipal | null; device?: ClientPrincipal | null } = {}) {
  const staffSessions = { authenticate: jest.fn().mockResolvedValue(found.staff ?? null) };
  const devices = { authenticate: jest.fn().mockResolvedValue(found.device ?? null) };
  const guard = new AccessGuard(
    new Reflector(),
    staffSessions as unknown as StaffSessionsService,
    devices as unknown as ClientAuthenticator,
    { secureCookies: false },
  );
  const request = { headers: {}, header: () => undefined } as unknown as AuthenticatedRequest;
  const call = (controller: { prototype: object }, method: string) =>
    guard.canActivate({
      getHandler: () => (controller.prototype as Record<string, unknown>)[method],
      getClass: () => controller,
      switchToHttp: () => ({ getRequest: () => request }),
    } as unknown as ExecutionContext);
  return { call, request, staffSessions, devices };
}

describe('AccessGuard', () => {
  it('denies by default: a route that names no policy is closed to everyone', async () => {
    const { call, staffSessions, devices } = setup({
      staff: staff('admin'),
      device: device(['x']),
    });
    await expect(call(Routes, 'forgotten')).rejects.toBeInstanceOf(ForbiddenException);
    expect(staffSessions.authenticate).not.toHaveBeenCalled();
    expect(devices.authenticate).not.toHaveBeenCalled();
  });

  it('lets anyone through a @Public route without looking for a session or device', async () => {
    const { call, staffSessions, devices, request } = setup();
    await expect(call(Routes, 'open')).resolves.toBe(true);
    expect(staffSessions.authenticate).not.toHaveBeenCalled();
    expect(devices.authenticate).not.toHaveBeenCalled();
    expect(request.principal).toBeUndefined();
  });

  it('applies a class-level @Public to its methods, and a method policy overrides it', async () => {
    const { call } = setup();
    await expect(call(PublicController, 'page')).resolves.toBe(true);
    await expect(call(PublicController, 'override')).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it('answers 401 on a staff route without a staff session', async () => {
    const { call, staffSessions, request } = setup({ device: device(['x']) });
    await expect(call(Routes, 'anyStaff')).rejects.toBeInstanceOf(UnauthorizedException);
    expect(staffSessions.authenticate).toHaveBeenCalledWith(request);
    expect(request.principal).toBeUndefined();
  });

  it('answers 403 when the staff role is not among the allowed roles', async () => {
    const { call, request } = setup({ staff: staff('staff') });
    await expect(call(Routes, 'adminOnly')).rejects.toBeInstanceOf(ForbiddenException);
    expect(request.principal).toBeUndefined();
  });

  it('lets staff with an allowed role through and records them as the principal', async () => {
    const { call, request } = setup({ staff: staff('admin') });
    await expect(call(Routes, 'adminOnly')).resolves.toBe(true);
    expect(request.principal).toEqual(staff('admin'));
  });

  it('opens @StaffOnly() with no roles to every staff role', async () => {
    const { call } = setup({ staff: staff('staff') });
    await expect(call(Routes, 'anyStaff')).resolves.toBe(true);
  });

  it('does not accept a trusted device on a staff route', async () => {
    const { call, devices } = setup({ device: device(['x']) });
    await expect(call(Routes, 'anyStaff')).rejects.toBeInstanceOf(UnauthorizedException);
    expect(devices.authenticate).not.toHaveBeenCalled();
  });

  it('answers 401 on a client route when the browser is no trusted device', async () => {
    const { call } = setup();
    await expect(call(Routes, 'clientTasks')).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it('lets a device with grants through and records it as the principal', async () => {
    const { call, request, staffSessions } = setup({ device: device(['dispatch-1']) });
    await expect(call(Routes, 'clientTasks')).resolves.toBe(true);
    expect(request.principal).toEqual(device(['dispatch-1']));
    expect(staffSessions.authenticate).not.toHaveBeenCalled();
  });

  it('does not accept a staff session on a client route', async () => {
    const { call } = setup({ staff: staff('admin') });
    await expect(call(Routes, 'clientTasks')).rejects.toBeInstanceOf(UnauthorizedException);
  });
});
