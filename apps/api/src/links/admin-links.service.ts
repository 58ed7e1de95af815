import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { AdminLinkView } from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
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

/** Staff's view of a client's links, and withdrawing one (which also ends the access it gave). */
@Injectable()
export class AdminLinksService {
  constructor(
    @InjectRepository(Link) private readonly links: Repository<Link>,
    private readonly transactor: Transactor,
    private readonly audit: AuditService,
    private readonly clock: Clock,
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

  async revoke(clientId: string, linkId: string, staffId: string): Promise<void> {
    const link = await this.links.findOneBy({ id: linkId, clientId });
    if (!link) throw new NotFoundException('No such link for this client.');
    const now = this.clock.now();
    await this.transactor.run(async (manager) => {
      await manager.update(Link, { id: link.id }, { revokedAt: now, revokeReason: 'staff' });
      const ended = await manager.update(
        DeviceGrant,
        { linkId: link.id, revokedAt: IsNull() },
        { revokedAt: now },
      );
      await this.audit.record(
        {
          type: 'link.revoked',
          actorType: 'staff',
          actorId: staffId,
          clientId,
          subjectId: link.id,
          detail: { grantsEnded: ended.affected ?? 0 },
        },
        manager,
      );
    });
  }
}
