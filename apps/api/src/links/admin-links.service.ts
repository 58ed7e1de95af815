import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { AdminLinkView } from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import { Client } from '../clients/client.entity';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Transactor } from '../database/transactor';
import { DeviceGrant } from '../devices/device-grant.entity';
import { Link } from './link.entity';

export function linkState(link: Link, now: Date): AdminLinkView['state'] {
  if (link.revokeReason === 'staff') return 'withdrawn';
  if (link.revokeReason === 'superseded') return 'superseded';
  if (now >= link.expiresAt) return 'expired';
  if (link.usedAt) return 'used';
  return now >= link.redeemBy ? 'expired' : 'ready';
}

/** Staff's view of a client's links, and withdrawing one (which ends its whole dispatch's access). */
@Injectable()
export class AdminLinksService {
  constructor(
    @InjectRepository(Link) private readonly links: Repository<Link>,
    private readonly transactor: Transactor,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(clientId: string): Promise<AdminLinkView[]> {
    const now = this.clock.now();
    const links = await this.links.find({
      where: { clientId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: 500,
    });
    return links.map((link) => ({
      id: link.id,
      kind: link.kind,
      dispatchId: link.dispatchId,
      state: linkState(link, now),
      createdAt: link.createdAt.toISOString(),
      redeemBy: link.redeemBy.toISOString(),
      expiresAt: link.expiresAt.toISOString(),
      usedAt: link.usedAt?.toISOString() ?? null,
      usedByDeviceId: link.usedByDeviceId,
    }));
  }

  /**
   * Withdraws a link and, with it, its whole dispatch: every link of the dispatch (the dispatch
   * link, access links sent from it, used or not, earlier superseded ones) stops working and none
   * can ask for a fresh access link any more, and every device's access to the dispatch ends at
   * once. Staff withdraw a sending, not one token of it: otherwise any other e-mail of the same
   * dispatch would win the access back. Withdrawing again changes nothing.
   */
  async revoke(clientId: string, linkId: string, staffId: string): Promise<void> {
    const link = await this.links.findOneBy({ id: linkId, clientId });
    if (!link) throw new NotFoundException('No such link for this client.');
    const now = this.clock.now();
    await this.transactor.run(async (manager) => {
      // Same lock as Send Access Link takes: a send racing this withdrawal either finishes first
      // (and its new link is withdrawn here) or sees the withdrawal and is refused.
      if (this.config.database.driver === 'mysql') {
        await manager.findOne(Client, {
          where: { id: clientId },
          lock: { mode: 'pessimistic_write' },
        });
      }
      const live = await manager.update(
        Link,
        { dispatchId: link.dispatchId, revokedAt: IsNull() },
        { revokedAt: now, revokeReason: 'staff' },
      );
      const superseded = await manager.update(
        Link,
        { dispatchId: link.dispatchId, revokeReason: 'superseded' },
        { revokeReason: 'staff' },
      );
      const ended = await manager.update(
        DeviceGrant,
        { dispatchId: link.dispatchId, revokedAt: IsNull() },
        { revokedAt: now },
      );
      await this.audit.record(
        {
          type: 'link.revoked',
          actorType: 'staff',
          actorId: staffId,
          clientId,
          subjectId: link.id,
          detail: {
            dispatchId: link.dispatchId,
            linksWithdrawn: (live.affected ?? 0) + (superseded.affected ?? 0),
            grantsEnded: ended.affected ?? 0,
          },
        },
        manager,
      );
    });
  }
}
