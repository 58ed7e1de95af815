import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, MoreThan, Repository } from 'typeorm';
import type { AdminDeviceView } from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { Transactor } from '../database/transactor';
import { DeviceGrant } from './device-grant.entity';
import { Device } from './device.entity';

/** Staff's view of the devices trusted with a client's tasks, and revoking one. */
@Injectable()
export class AdminDevicesService {
  constructor(
    @InjectRepository(Device) private readonly devices: Repository<Device>,
    @InjectRepository(DeviceGrant) private readonly grants: Repository<DeviceGrant>,
    private readonly transactor: Transactor,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(clientId: string): Promise<AdminDeviceView[]> {
    const now = this.clock.now();
    const grants = await this.grants.find({
      where: { clientId },
      order: { grantedAt: 'DESC', id: 'ASC' },
      take: 2000,
    });
    const deviceIds = [...new Set(grants.map((g) => g.deviceId))];
    if (deviceIds.length === 0) return [];
    const devices = await this.devices.find({
      where: { id: In(deviceIds) },
      order: { lastSeenAt: 'DESC', id: 'ASC' },
    });
    return devices.map((device) => ({
      id: device.id,
      label: device.label,
      createdAt: device.createdAt.toISOString(),
      lastSeenAt: device.lastSeenAt.toISOString(),
      activeDispatchIds: grants
        .filter((g) => g.deviceId === device.id && !g.revokedAt && g.expiresAt > now)
        .map((g) => g.dispatchId),
      revokedAt: device.revokedAt?.toISOString() ?? null,
    }));
  }

  /** Ends every access this device has to the client's tasks, at once. */
  async revoke(
    clientId: string,
    deviceId: string,
    actor: { type: 'staff' | 'client'; id: string | null },
  ): Promise<void> {
    const now = this.clock.now();
    if (!(await this.grants.existsBy({ clientId, deviceId }))) {
      throw new NotFoundException('No such device for this client.');
    }
    await this.transactor.run(async (manager) => {
      const ended = await manager.update(
        DeviceGrant,
        { clientId, deviceId, revokedAt: IsNull(), expiresAt: MoreThan(now) },
        { revokedAt: now },
      );
      await this.audit.record(
        {
          type: 'device.revoked',
          actorType: actor.type,
          actorId: actor.id,
          clientId,
          subjectId: deviceId,
          detail: { grantsEnded: ended.affected ?? 0 },
        },
        manager,
      );
    });
  }
}
