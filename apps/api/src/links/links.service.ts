import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, LessThan, MoreThan, Repository } from 'typeorm';
import type { LinkKind, LinkState, LinkStatusResponse, TaskSummary } from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import type { CallerContext } from '../auth/request-context';
import { ClientsService } from '../clients/clients.service';
import { Clock } from '../common/clock';
import { maskEmail, newToken, sha256Hex } from '../common/crypto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { newId } from '../database/columns';
import { Transactor } from '../database/transactor';
import type { Device } from '../devices/device.entity';
import { DevicesService } from '../devices/devices.service';
import { MailService } from '../mail/mail.service';
import { TasksService } from '../tasks/tasks.service';
import { linkDeclined, linkExpired, linkUnknown, linkWithdrawn } from './link-errors';
import { Link, LinkRevokeReason } from './link.entity';
import { clientLinkState } from './link-state';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Another redemption used the link first. */
class LostRace extends Error {}

export interface RedeemOutcome {
  /** Set when this redemption created the device: the caller puts it in the cookie. */
  newDeviceSecret: string | null;
  tasks: TaskSummary[];
}

/**
 * The one owner of `links` (SPEC rules 1-6): issues links, shows and redeems them for a browser
 * (granting the device through DevicesService), and the writes Send Access Link, withdrawal and
 * the purge need.
 */
@Injectable()
export class LinksService {
  constructor(
    @InjectRepository(Link) private readonly links: Repository<Link>,
    private readonly clients: ClientsService,
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
      boundToHash: null,
      codeHash: null,
      codeExpiresAt: null,
      codeAttempts: 0,
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
  async status(
    token: string,
    caller: Pick<CallerContext, 'deviceSecret'>,
  ): Promise<LinkStatusResponse> {
    const firmName = this.config.firmName;
    const link = await this.find(token);
    if (!link) return { state: 'unknown', firmName };
    const client = await this.clients.get(link.clientId);
    const device = await this.devices.findBySecret(caller.deviceSecret);
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
  async redeem(
    token: string,
    caller: Pick<CallerContext, 'ip' | 'userAgent' | 'deviceSecret'>,
  ): Promise<RedeemOutcome> {
    const link = await this.find(token);
    if (!link) throw linkUnknown();
    const now = this.clock.now();
    const ip = caller.ip;
    const device = await this.devices.findBySecret(caller.deviceSecret);
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

    const client = await this.clients.get(link.clientId);
    const newToClient = !device || !(await this.devices.hasHeldGrant(device.id, client.id));
    const fresh = device ? null : this.devices.prepareDevice(caller.userAgent, now);
    const deviceId = device?.id ?? fresh!.device.id;
    // Losing the race throws inside the transaction, so the loser's new device row rolls back.
    const won = await this.transactor
      .run(async (manager) => {
        if (fresh) await this.devices.addDevice(manager, fresh.device);
        const used = await manager.update(
          Link,
          { id: link.id, usedAt: IsNull(), revokedAt: IsNull() },
          { usedAt: now, usedByDeviceId: deviceId },
        );
        if (used.affected !== 1) throw new LostRace();
        if (link.kind === 'access') {
          const moved = await this.devices.revokeForDispatch(manager, link.dispatchId, now);
          await this.audit.record(
            {
              type: 'device.moved',
              actorType: 'device',
              actorId: deviceId,
              clientId: link.clientId,
              subjectId: link.dispatchId,
              ip,
              detail: { previousGrants: moved },
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

  /** One link of this client, or null. */
  findForClient(clientId: string, linkId: string): Promise<Link | null> {
    return this.links.findOneBy({ id: linkId, clientId });
  }

  /** A client's links, newest first (at most 500). */
  listForClient(clientId: string): Promise<Link[]> {
    return this.links.find({
      where: { clientId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: 500,
    });
  }

  /**
   * Whether staff have withdrawn the link, from its latest committed state (a locking read on
   * MySQL, past the transaction's snapshot).
   */
  async withdrawn(manager: EntityManager, linkId: string): Promise<boolean> {
    const mysql = this.config.database.driver === 'mysql';
    const current = await manager.findOne(Link, {
      where: { id: linkId },
      ...(mysql ? { lock: { mode: 'pessimistic_read' as const } } : {}),
    });
    return current?.revokeReason === 'staff';
  }

  /** When the client's access links of the last hour were sent, newest first. */
  async accessLinksSentSince(
    manager: EntityManager,
    clientId: string,
    since: Date,
  ): Promise<Date[]> {
    const sent = await manager.find(Link, {
      select: { createdAt: true },
      where: { clientId, kind: 'access', createdAt: MoreThan(since) },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
    return sent.map((l) => l.createdAt);
  }

  /** A new access link replaces the dispatch's earlier unredeemed ones (SPEC rule 5). */
  async supersedeAccessLinks(manager: EntityManager, dispatchId: string, now: Date): Promise<void> {
    await manager.update(
      Link,
      { dispatchId, kind: 'access', usedAt: IsNull(), revokedAt: IsNull() },
      { revokedAt: now, revokeReason: 'superseded' satisfies LinkRevokeReason },
    );
  }

  /**
   * Staff withdraw every link of the dispatch, used or not, superseded ones included: none
   * works or offers Send Access Link any more. Returns how many links it changed.
   */
  async withdrawDispatch(manager: EntityManager, dispatchId: string, now: Date): Promise<number> {
    const live = await manager.update(
      Link,
      { dispatchId, revokedAt: IsNull() },
      { revokedAt: now, revokeReason: 'staff' },
    );
    const superseded = await manager.update(
      Link,
      { dispatchId, revokeReason: 'superseded' },
      { revokeReason: 'staff' },
    );
    return (live.affected ?? 0) + (superseded.affected ?? 0);
  }

  /**
   * Purge (SPEC rule 9): deletes up to `batchSize` links that expired before `cutoff`, with the
   * device grants earned through them, in one transaction. Returns how many links went.
   */
  async deleteExpired(cutoff: Date, batchSize: number): Promise<number> {
    const batch = (
      await this.links.find({
        select: { id: true },
        where: { expiresAt: LessThan(cutoff) },
        take: batchSize,
      })
    ).map((l) => l.id);
    if (batch.length === 0) return 0;
    return this.transactor.run(async (manager) => {
      await this.devices.deleteForLinks(manager, batch);
      return (await manager.delete(Link, { id: In(batch) })).affected ?? 0;
    });
  }

  /** The link page's state for this browser (withdrawal covers the whole dispatch). */
  private async stateFor(link: Link, device: Device | null, now: Date): Promise<LinkState> {
    const holds =
      device !== null && (await this.devices.holdsDispatch(device.id, link.dispatchId, now));
    return clientLinkState(link, now, holds);
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
