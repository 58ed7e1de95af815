import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DevicesService } from '../../devices/devices.service';
import type { ClientPrincipal } from './principal';

/**
 * Proves who a client-side caller is, from whatever the request carries. Today: the trusted-
 * device cookie. PIN and login sessions are added here, so every client route gains them at once.
 */
@Injectable()
export class ClientAuthenticator {
  constructor(private readonly devices: DevicesService) {}

  authenticate(request: Request): Promise<ClientPrincipal | null> {
    return this.devices.authenticate(request);
  }
}
