import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AccessLinkSentResponse } from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import type { CallerContext } from '../auth/request-context';
import { ClientsService } from '../clients/clients.service';
import { Clock } from '../common/clock';
import { maskEmail } from '../common/crypto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Transactor } from '../database/transactor';
import { MailService } from '../mail/mail.service';
import { linkUnknown, linkWithdrawn } from './link-errors';
import { LinksService } from './links.service';

const HOUR_MS = 3_600_000;

/**
 * "Send Access Link" (SPEC rules 5-6): e-mails a newly generated link for the same tasks to the
 * original order address only. Each new access link replaces earlier unredeemed ones; sends are
 * throttled per client and per network address, counted from the database so the limits hold
 * across instances.
 */
@Injectable()
export class AccessLinksService {
  constructor(
    private readonly clients: ClientsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly links: LinksService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly transactor: Transactor,
    private readonly clock: Clock,
  ) {}

  async send(token: string, caller: Pick<CallerContext, 'ip'>): Promise<AccessLinkSentResponse> {
    const link = await this.links.find(token);
    if (!link) throw linkUnknown();
    // Staff withdrawal covers every link of the dispatch: none of them offers self-service.
    if (link.revokeReason === 'staff') throw linkWithdrawn(this.config.firmName);
    const client = await this.clients.get(link.clientId);
    const ip = caller.ip;
    const now = this.clock.now();

    await this.transactor.run(async (manager) => {
      // Serialises sends for one client with each other and with staff withdrawal.
      await this.clients.lockForUpdate(manager, client.id);
      // Withdrawn while this request was on its way (the withdrawal takes the same lock).
      if (await this.links.withdrawn(manager, link.id)) {
        throw linkWithdrawn(this.config.firmName);
      }
      const wait = await this.secondsToWait(manager, client.id, ip, now);
      if (wait > 0) throw tooManyRequests(wait);

      await this.links.supersedeAccessLinks(manager, link.dispatchId, now);
      const issued = await this.links.issue(manager, {
        clientId: client.id,
        dispatchId: link.dispatchId,
        kind: 'access',
      });
      await this.mail.enqueue(manager, {
        to: client.email,
        template: 'access-link',
        data: {
          clientName: client.name,
          firmName: this.config.firmName,
          linkUrl: this.links.url(issued.token),
          ttlMinutes: this.config.links.accessLinkTtlMinutes,
        },
      });
      await this.audit.record(
        {
          type: 'access_link.sent',
          actorType: 'anonymous',
          clientId: client.id,
          subjectId: issued.link.id,
          ip,
          detail: { fromLink: link.id },
        },
        manager,
      );
    });
    return {
      maskedEmail: maskEmail(client.email),
      retryAfterSeconds: this.config.links.accessLinkMinIntervalSeconds,
    };
  }

  /** 0 when a send is allowed now; otherwise the seconds until the earliest limit lifts. */
  private async secondsToWait(
    manager: EntityManager,
    clientId: string,
    ip: string,
    now: Date,
  ): Promise<number> {
    const limits = this.config.links;
    const hourAgo = new Date(now.getTime() - HOUR_MS);
    const clientSends = await this.links.accessLinksSentSince(manager, clientId, hourAgo);
    const addressSends = await this.audit.recentFromAddress(manager, {
      type: 'access_link.sent',
      ip,
      since: hourAgo,
      limit: limits.accessLinkMaxPerAddressPerHour,
    });
    return secondsUntilAllowed(clientSends, addressSends, limits, now);
  }
}

/**
 * The Send Access Link throttle (SPEC rule 6) as a pure rule. `clientSends` and `addressSends`
 * are the send times of the last hour, newest first. Returns whole seconds to wait (0: allowed).
 */
export function secondsUntilAllowed(
  clientSends: Date[],
  addressSends: Date[],
  limits: Pick<
    AppConfig['links'],
    'accessLinkMinIntervalSeconds' | 'accessLinkMaxPerHour' | 'accessLinkMaxPerAddressPerHour'
  >,
  now: Date,
): number {
  const waits: number[] = [];
  if (clientSends.length > 0) {
    waits.push(
      clientSends[0].getTime() + limits.accessLinkMinIntervalSeconds * 1000 - now.getTime(),
    );
  }
  if (clientSends.length >= limits.accessLinkMaxPerHour) {
    waits.push(clientSends[limits.accessLinkMaxPerHour - 1].getTime() + HOUR_MS - now.getTime());
  }
  if (addressSends.length >= limits.accessLinkMaxPerAddressPerHour) {
    waits.push(
      addressSends[limits.accessLinkMaxPerAddressPerHour - 1].getTime() + HOUR_MS - now.getTime(),
    );
  }
  return Math.max(0, ...waits.map((ms) => Math.ceil(ms / 1000)));
}

function tooManyRequests(seconds: number): HttpException {
  return new HttpException(
    {
      error: 'too_many_requests',
      message: `We have just sent you a link. You can ask for another one in ${seconds} seconds.`,
      retryAfterSeconds: seconds,
    },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}
