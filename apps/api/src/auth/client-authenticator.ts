import { Injectable } from '@nestjs/common';
import type { Session } from '../sessions/session.entity';
import { SessionTokensService } from '../sessions/session-tokens.service';
import { ClientLogins, PinDispatches, TrustedDevices } from './ports';
import type { ClientPrincipal } from './principal';
import type { CallerContext } from './request-context';

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
    private readonly sessions: SessionTokensService,
    private readonly devices: TrustedDevices,
    private readonly logins: ClientLogins,
    private readonly pinDispatches: PinDispatches,
  ) {}

  async authenticate(
    caller: Pick<CallerContext, 'deviceSecret' | 'sessionToken'>,
  ): Promise<ClientPrincipal | null> {
    const session = await this.fromSession(caller.sessionToken);
    if (session?.via === 'account') return session;
    const device = await this.fromDevice(caller.deviceSecret);
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

  /** A principal from a login or PIN session token (the session is touched), or null. */
  private async fromSession(token: string | null): Promise<ClientPrincipal | null> {
    const session = await this.sessions.find(['client', 'pin'], token);
    if (!session) return null;
    await this.sessions.touch(session);
    return session.subjectType === 'client' ? this.login(session) : this.pin(session);
  }

  private async login(session: Session): Promise<ClientPrincipal | null> {
    if (!(await this.logins.isEnabled(session.subjectId))) return null;
    return {
      kind: 'client',
      via: 'account',
      scope: { clientId: session.subjectId },
      clientIds: [session.subjectId],
      deviceId: null,
      sessionId: session.id,
    };
  }

  private async pin(session: Session): Promise<ClientPrincipal | null> {
    const clientId = await this.pinDispatches.clientIdOf(session.subjectId);
    if (!clientId) return null;
    return {
      kind: 'client',
      via: 'pin',
      scope: { dispatchIds: [session.subjectId] },
      clientIds: [clientId],
      deviceId: null,
      sessionId: session.id,
    };
  }

  private async fromDevice(secret: string | null): Promise<ClientPrincipal | null> {
    if (!secret) return null;
    const device = await this.devices.authenticate(secret);
    if (!device) return null;
    return {
      kind: 'client',
      via: 'device',
      scope: { dispatchIds: device.dispatchIds },
      clientIds: device.clientIds,
      deviceId: device.deviceId,
      sessionId: null,
    };
  }
}
