import type { StaffRole } from '@app/contracts';

/**
 * What auth/ needs to know from the features above it, declared here and implemented by the
 * owning feature (provided with `{ provide: Port, useExisting: TheService }` and exported), so
 * auth/ never imports a feature. AppModule wires them with `AuthModule.forRoot({ imports })`.
 */

/** staff/: an active (not disabled) staff member, or null. */
export abstract class StaffDirectory {
  abstract findActive(
    staffId: string,
  ): Promise<{ id: string; username: string; role: StaffRole } | null>;
}

/** staff/: the integration token (issue 12) a bearer value opens, or null; records its use. */
export abstract class IntegrationTokenDirectory {
  abstract authenticate(
    token: string,
  ): Promise<{ integrationId: string; name: string; staffId: string } | null>;
}

/** devices/: the device behind a trusted-device secret and the live grants it holds, or null. */
export abstract class TrustedDevices {
  abstract authenticate(
    deviceSecret: string,
  ): Promise<{ deviceId: string; dispatchIds: string[]; clientIds: string[] } | null>;
}

/** accounts/: whether a client's login is enabled (a login session of a disabled login is dead). */
export abstract class ClientLogins {
  abstract isEnabled(clientId: string): Promise<boolean>;
}

/** dispatches/: the dispatches that are the subjects of PIN sessions. */
export abstract class PinDispatches {
  /** The client a dispatch belongs to, or null when there is no such dispatch. */
  abstract clientIdOf(dispatchId: string): Promise<string | null>;
  /** The ids of a client's PIN dispatches (mode 'pin'). */
  abstract pinDispatchIdsOf(clientId: string): Promise<string[]>;
}
