import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DevicesService } from '../devices/devices.service';
import { ClientSessionsService } from '../sessions/client-sessions.service';
import type { ClientPrincipal } from './principal';

/**
 * Proves who a client-side caller is, from whatever the request carries: a login or PIN session
 * cookie, and the trusted-device cookie. Every client route accepts all three, and scopes its
 * reads and writes by the principal's scope.
 * - login session: the whole client ({ clientId }).
 * - PIN session: its dispatch, plus whatever this browser holds as a trusted device.
 * - trusted device alone: the dispatches it holds grants for.
 */
@Injectable()
export class ClientAuthenticator {
  constructor(
    private readonly devices: DevicesService,
    private readonly sessions: ClientSessionsService,
  ) {}

  async authenticate(request: Request): Promise<ClientPrincipal | null> {
    const session = await this.sessions.authenticate(request);
    if (session?.via === 'account') return session;
    const device = await this.devices.authenticate(request);
    if (!session) return device;
    if (!device || !('dispatchIds' in session.scope) || !('dispatchIds' in device.scope)) {
      return session;
    }
    return {
      ...session,
      scope: {
        dispatchIds: [...new Set([...session.scope.dispatchIds, ...device.scope.dispatchIds])],
      },
      clientIds: [...new Set([...session.clientIds, ...device.clientIds])],
      deviceId: device.deviceId,
    };
  }
}
