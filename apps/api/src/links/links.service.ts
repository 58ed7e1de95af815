import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { EntityManager, IsNull, Repository } from 'typeorm';
import type { LinkKind, LinkState, LinkStatusResponse, TaskSummary } from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { maskEmail, newToken, sha256Hex } from '../common/crypto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Client } from '../clients/client.entity';
import { newId } from '../database/columns';
import { Transactor } from '../database/transactor';
import { DeviceGrant } from '../devices/device-grant.entity';
import { Device } from '../devices/device.entity';
import { describeUserAgent, DevicesService } from '../devices/devices.service';
import { TasksService } from '../tasks/tasks.service';
import { MailService } from '../mail/mail.service';
import { linkDeclined, linkExpired, linkUnknown, linkWithdrawn } from './link-errors';
import { Link } from './link.entity';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Another redemption used the link first. */
class LostRace extends Error {}

export interface RedeemOutcome {
  /** Set when this redemption created the device: the caller puts it in the cookie. */
  newDeviceSecret: string | null;
  tasks: TaskSummary[];
}

@Injectable()
export class LinksService {
  constructor(
    @InjectRepository(Link) private readonly links: Repository<Link>,
    @InjectRepository(Client) private readonly clients: Repository<Client>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly devices: DevicesService,
    private readonly tasks: TasksService,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly transactor: Transactor,
    private readonly clock: Clock,
  ) {}

  url(token: string): string {
    return `${this.config.publicUrl}/l/${token}`;
  }

  /** A new link (SPEC rule 1): 256 random bits; only the SHA-256 is stored. */
  async issue(
    manager: EntityManager,
    input: { clientId: string; dispatchId: string; kind: LinkKind },
  ): Promise<{ link: Link; token: string }> {
    const now = this.clock.now();
    const token = newToken();
    const expiresAt = new Date(now.getTime() + this.config.links.ttlDays * DAY_MS);
    const redeemBy =
      input.kind === 'access'
        ? new Date(now.getTime() + this.config.links.accessLinkTtlMinutes * 60_000)
        : expiresAt;
    const link: Link = {
      id: newId(),
      tokenHash: sha256Hex(token),
      kind: input.kind,
      clientId: input.clientId,
      dispatchId: input.dispatchId,
      createdAt: now,
      redeemBy,
      expiresAt,
      usedAt: null,
      usedByDeviceId: null,
      revokedAt: null,
      revokeReason: null,
    };
    await manager.insert(Link, link);
    await this.audit.record(
      {
        type: 'link.issued',
        actorType: 'system',
        clientId: input.clientId,
        subjectId: link.id,
        detail: { kind: input.kind },
      },
      manager,
    );
    return { link, token };
  }

  /** What the link page may show. A pure read: opening a link never changes anything. */
  async status(token: string, request: Request): Promise<LinkStatusResponse> {
    const firmName = this.config.firmName;
    const link = await this.find(token);
    if (!link) return { state: 'unknown', firmName };
    const client = await this.clients.findOneByOrFail({ id: link.clientId });
    const device = await this.devices.fromRequest(request);
    const state = await this.stateFor(link, device, this.clock.now());
    const base = { state, kind: link.kind, maskedEmail: maskEmail(client.email), firmName };
    if (state !== 'ready' && state !== 'trusted') return base;
    const taskCount = await this.tasks.countOpen({ dispatchIds: [link.dispatchId] });
    return { ...base, taskCount, expiresAt: link.expiresAt.toISOString() };
  }

  /**
   * Uses the link for this browser (SPEC rules 3-5). Exactly one of any number of simultaneous
   * redemptions wins: one conditional UPDATE … WHERE used_at IS NULL, checked for one row.
   */
  async redeem(token: string, request: Request): Promise<RedeemOutcome> {
    const link = await this.find(token);
    if (!link) throw linkUnknown();
    const now = this.clock.now();
    const ip = request.ip ?? null;
    const device = await this.devices.fromRequest(request);
    const state = await this.stateFor(link, device, now);

    if (state === 'expired') {
      await this.audit.record({
        type: 'link.expired',
        actorType: 'anonymous',
        clientId: link.clientId,
        subjectId: link.id,
        ip,
      });
      throw linkExpired();
    }
    if (state === 'withdrawn') {
      await this.declined(link, device, ip, 'withdrawn');
      throw linkWithdrawn(this.config.firmName);
    }
    if (state === 'trusted') return { newDeviceSecret: null, tasks: await this.openTasks(link) };
    if (state === 'declined') {
      await this.declined(link, device, ip);
      throw linkDeclined();
    }

    const client = await this.clients.findOneByOrFail({ id: link.clientId });
    const newToClient = !device || !(await this.devices.hasHeldGrant(device.id, client.id));
    const fresh = device
      ? null
      : this.devices.newDevice(describeUserAgent(request.header('user-agent')), now);
    const deviceId = device?.id ?? fresh!.device.id;
    // Losing the race throws inside the transaction, so the loser's new device row rolls back.
    const won = await this.transactor
      .run(async (manager) => {
        if (fresh) await manager.insert(Device, fresh.device);
        const used = await manager.update(
          Link,
          { id: link.id, usedAt: IsNull(), revokedAt: IsNull() },
          { usedAt: now, usedByDeviceId: deviceId },
        );
        if (used.affected !== 1) throw new LostRace();
        if (link.kind === 'access') {
          const moved = await manager.update(
            DeviceGrant,
            { dispatchId: link.dispatchId, revokedAt: IsNull() },
            { revokedAt: now },
          );
          await this.audit.record(
            {
              type: 'device.moved',
              actorType: 'device',
              actorId: deviceId,
              clientId: link.clientId,
              subjectId: link.dispatchId,
              ip,
              detail: { previousGrants: moved.affected ?? 0 },
            },
            manager,
          );
        }
        await this.devices.grant(
          manager,
          {
            deviceId,
            dispatchId: link.dispatchId,
            clientId: link.clientId,
            linkId: link.id,
            expiresAt: link.expiresAt,
          },
          now,
        );
        // SPEC rule 8: the order email hears whenever its tasks are bound to a device that has
        // never held any of this client's tasks before.
        if (newToClient)
          await this.mail.enqueue(manager, {
            to: client.email,
            template: 'device-bound',
            data: {
              clientName: client.name,
              firmName: this.config.firmName,
              deviceLabel: fresh?.device.label ?? device?.label ?? 'a browser',
              when: now.toISOString().slice(0, 16).replace('T', ' '),
            },
          });
        await this.audit.record(
          {
            type: 'link.redeemed',
            actorType: 'device',
            actorId: deviceId,
            clientId: link.clientId,
            subjectId: link.id,
            ip,
            detail: { kind: link.kind },
          },
          manager,
        );
        return true;
      })
      .catch((error: unknown) => {
        if (error instanceof LostRace) return false;
        throw error;
      });
    if (!won) {
      // Used first by another redemption, or withdrawn by staff meanwhile.
      const withdrawn = (await this.find(token))?.revokeReason === 'staff';
      await this.declined(link, device, ip, withdrawn ? 'withdrawn' : undefined);
      throw withdrawn ? linkWithdrawn(this.config.firmName) : linkDeclined();
    }
    return { newDeviceSecret: fresh?.secret ?? null, tasks: await this.openTasks(link) };
  }

  find(token: string): Promise<Link | null> {
    return this.links.findOneBy({ tokenHash: sha256Hex(token) });
  }

  private async stateFor(link: Link, device: Device | null, now: Date): Promise<LinkState> {
    // Withdrawal covers the whole dispatch (AdminLinksService.revoke) and ends its grants too.
    if (link.revokeReason === 'staff') return 'withdrawn';
    if (now >= link.expiresAt || link.revokedAt) return 'expired';
    const holdsTasks =
      device !== null &&
      (await this.devices.activeGrants(device.id, now)).some(
        (g) => g.dispatchId === link.dispatchId,
      );
    if (holdsTasks) return 'trusted';
    if (link.usedAt) return 'declined';
    if (now >= link.redeemBy) return 'expired';
    return 'ready';
  }

  private async declined(
    link: Link,
    device: Device | null,
    ip: string | null,
    reason?: 'withdrawn',
  ): Promise<void> {
    await this.audit.record({
      type: 'link.declined',
      actorType: device ? 'device' : 'anonymous',
      actorId: device?.id ?? null,
      clientId: link.clientId,
      subjectId: link.id,
      ip,
      ...(reason ? { detail: { reason } } : {}),
    });
  }

  private async openTasks(link: Link): Promise<TaskSummary[]> {
    return (await this.tasks.openTasks({ dispatchIds: [link.dispatchId] })).open;
  }
}
