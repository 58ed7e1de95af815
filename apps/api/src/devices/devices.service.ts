import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { EntityManager, IsNull, MoreThan, Repository } from 'typeorm';
import type { ClientPrincipal } from '../common/auth/principal';
import { Clock } from '../common/clock';
import { newToken, sha256Hex } from '../common/crypto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { newId } from '../database/columns';
import { DeviceGrant } from './device-grant.entity';
import { Device } from './device.entity';
import { readDeviceCookie } from './device-cookie';

const LAST_SEEN_RESOLUTION_MS = 60_000;

@Injectable()
export class DevicesService {
  constructor(
    @InjectRepository(Device) private readonly devices: Repository<Device>,
    @InjectRepository(DeviceGrant) private readonly grants: Repository<DeviceGrant>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The device behind the request's cookie, if it is known and not revoked. */
  async fromRequest(request: Request): Promise<Device | null> {
    const secret = readDeviceCookie(request, this.config);
    if (!secret) return null;
    return this.devices.findOne({ where: { secretHash: sha256Hex(secret), revokedAt: IsNull() } });
  }

  /** The device and the dispatches it may open now; null when the cookie proves nothing. */
  async authenticate(request: Request): Promise<ClientPrincipal | null> {
    const device = await this.fromRequest(request);
    if (!device) return null;
    const now = this.clock.now();
    const grants = await this.activeGrants(device.id, now);
    if (now.getTime() - device.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
      await this.devices.update({ id: device.id }, { lastSeenAt: now });
    }
    if (grants.length === 0) return null;
    return {
      kind: 'client',
      via: 'device',
      scope: { dispatchIds: [...new Set(grants.map((g) => g.dispatchId))] },
      clientIds: [...new Set(grants.map((g) => g.clientId))],
      deviceId: device.id,
      sessionId: null,
    };
  }

  activeGrants(deviceId: string, now: Date): Promise<DeviceGrant[]> {
    return this.grants.find({
      where: { deviceId, revokedAt: IsNull(), expiresAt: MoreThan(now) },
    });
  }

  /** Whether this device has ever been trusted with any of the client's tasks. */
  hasHeldGrant(deviceId: string, clientId: string): Promise<boolean> {
    return this.grants.exists({ where: { deviceId, clientId } });
  }

  /** A new device row; the secret goes into the cookie and only its hash is kept. */
  newDevice(label: string | null, now: Date): { device: Device; secret: string } {
    const secret = newToken();
    const device = this.devices.create({
      id: newId(),
      secretHash: sha256Hex(secret),
      label,
      createdAt: now,
      lastSeenAt: now,
      revokedAt: null,
    });
    return { device, secret };
  }

  async grant(
    manager: EntityManager,
    input: Pick<DeviceGrant, 'deviceId' | 'dispatchId' | 'clientId' | 'linkId' | 'expiresAt'>,
    now: Date,
  ): Promise<DeviceGrant> {
    return manager.save(
      manager.create(DeviceGrant, { id: newId(), grantedAt: now, revokedAt: null, ...input }),
    );
  }
}

/** "Chrome on Android"-style label from a User-Agent, for device lists. */
export function describeUserAgent(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : 'Browser';
  const os = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : 'unknown system';
  return `${browser} on ${os}`;
}
