import { Injectable, NotFoundException } from '@nestjs/common';
import type { AdminLinkView } from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import { ClientsService } from '../clients/clients.service';
import { Clock } from '../common/clock';
import { Transactor } from '../database/transactor';
import { DevicesService } from '../devices/devices.service';
import { linkState } from './link-state';
import { LinksService } from './links.service';

/** Staff's view of a client's links, and withdrawing one (which ends its whole dispatch's access). */
@Injectable()
export class AdminLinksService {
  constructor(
    private readonly links: LinksService,
    private readonly devices: DevicesService,
    private readonly clients: ClientsService,
    private readonly transactor: Transactor,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(clientId: string): Promise<AdminLinkView[]> {
    const now = this.clock.now();
    const links = await this.links.listForClient(clientId);
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
    const link = await this.links.findForClient(clientId, linkId);
    if (!link) throw new NotFoundException('No such link for this client.');
    const now = this.clock.now();
    await this.transactor.run(async (manager) => {
      // Same lock as Send Access Link takes: a send racing this withdrawal either finishes first
      // (and its new link is withdrawn here) or sees the withdrawal and is refused.
      await this.clients.lockForUpdate(manager, clientId);
      const linksWithdrawn = await this.links.withdrawDispatch(manager, link.dispatchId, now);
      const grantsEnded = await this.devices.revokeForDispatch(manager, link.dispatchId, now);
      await this.audit.record(
        {
          type: 'link.revoked',
          actorType: 'staff',
          actorId: staffId,
          clientId,
          subjectId: link.id,
          detail: { dispatchId: link.dispatchId, linksWithdrawn, grantsEnded },
        },
        manager,
      );
    });
  }
}
