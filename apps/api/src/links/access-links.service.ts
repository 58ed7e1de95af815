import {
  ForbiddenException,
  GoneException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AccessLinkSentResponse } from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import type { CallerContext } from '../auth/request-context';
import { waitPhrase } from '../auth/sign-in-errors';
import { ClientsService } from '../clients/clients.service';
import { Clock } from '../common/clock';
import { maskEmail, newToken, sha256Hex } from '../common/crypto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Transactor } from '../database/transactor';
import { taskForMail } from '../mail/mail-templates';
import { MailService } from '../mail/mail.service';
import { TasksService } from '../tasks/tasks.service';
import { AttemptLimit, FailureThrottle } from '../throttle/failure-throttle.service';
import {
  ACCESS_CODE_MAX_ATTEMPTS,
  ACCESS_CODE_TTL_MINUTES,
  accessCodeMatches,
  newAccessCode,
} from './access-code';
import { linkUnknown, linkWithdrawn } from './link-errors';
import { LinksService, RedeemOutcome } from './links.service';

const HOUR_MS = 3_600_000;
const CODE_WINDOW_MS = 15 * 60_000;
/** Code attempts per client and per network address in 15 minutes (over every code). */
export const ACCESS_CODE_MAX_PER_CLIENT = 10;
export const ACCESS_CODE_MAX_PER_ADDRESS = 20;

/** What Send Access Link gives the controller: the answer, and the pending cookie to set. */
export interface AccessLinkSent {
  response: AccessLinkSentResponse;
  pendingSecret: string;
  pendingMaxAgeMs: number;
}

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
    private readonly throttle: FailureThrottle,
    private readonly tasks: TasksService,
  ) {}

  /**
   * Issue 14: the new access link is bound to the asking browser (the hash of its pending
   * cookie: the one it already holds, else a new one) and the same e-mail carries a 6-digit
   * code that browser can type instead.
   */
  async send(
    token: string,
    caller: Pick<CallerContext, 'ip'>,
    pendingSecret: string | null,
  ): Promise<AccessLinkSent> {
    const link = await this.links.find(token);
    if (!link) throw linkUnknown();
    // Staff withdrawal covers every link of the dispatch: none of them offers self-service.
    if (link.revokeReason === 'staff') throw linkWithdrawn(this.config.firmName);
    const client = await this.clients.get(link.clientId);
    const ip = caller.ip;
    const now = this.clock.now();
    const secret = pendingSecret ?? newToken();
    const code = newAccessCode();
    // Issue 13: the e-mail names the open tasks the link opens (the first ten, in the dashboard's
    // order), with their due dates and descriptions (the list leaves the TEXT column out).
    const { open } = await this.tasks.openTasks({ dispatchIds: [link.dispatchId] });
    const listed = open.slice(0, 10);
    const full = await this.tasks.loadForClient(
      link.clientId,
      listed.map((t) => t.id),
    );
    const descriptions = new Map(full.map((t) => [t.id, t.description]));
    const mailTasks = listed.map((t) =>
      taskForMail({ ...t, description: descriptions.get(t.id) ?? null }),
    );

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
        bind: { browserHash: sha256Hex(secret), code },
      });
      await this.mail.enqueue(manager, {
        to: client.email,
        template: 'access-link',
        data: {
          clientName: client.name,
          firmName: this.config.firmName,
          tasks: mailTasks,
          linkUrl: this.links.url(issued.token),
          ttlMinutes: this.config.links.accessLinkTtlMinutes,
          code,
          codeMinutes: ACCESS_CODE_TTL_MINUTES,
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
    const ttlMinutes = this.config.links.accessLinkTtlMinutes;
    return {
      response: {
        maskedEmail: maskEmail(client.email),
        retryAfterSeconds: this.config.links.accessLinkMinIntervalSeconds,
        linkTtlMinutes: ttlMinutes,
        codeTtlMinutes: ACCESS_CODE_TTL_MINUTES,
      },
      pendingSecret: secret,
      pendingMaxAgeMs: ttlMinutes * 60_000,
    };
  }

  /**
   * The typed code (issue 14, SPEC rule 24), only in the browser that asked (its pending
   * cookie): single use, 10 minutes, dead after 5 tries, each try counted before the code is
   * checked (on the link, and per client and per address), compared in constant time, audited
   * without the code. A right code uses the access link exactly as opening it there would.
   */
  async enterCode(
    token: string,
    code: string,
    caller: Pick<CallerContext, 'ip' | 'userAgent' | 'deviceSecret'>,
    pendingSecret: string | null,
  ): Promise<RedeemOutcome> {
    const page = await this.links.find(token);
    if (!page) throw linkUnknown();
    if (page.revokeReason === 'staff') throw linkWithdrawn(this.config.firmName);
    const ip = caller.ip;
    const clientId = page.clientId;
    if (!pendingSecret) {
      await this.codeEvent('access_code.refused', clientId, page.id, ip, 'other_device');
      throw codeOtherDevice();
    }
    const limits: AttemptLimit[] = [
      {
        scope: 'code_client',
        key: clientId,
        max: ACCESS_CODE_MAX_PER_CLIENT,
        windowMs: CODE_WINDOW_MS,
      },
      {
        scope: 'code_address',
        key: ip,
        max: ACCESS_CODE_MAX_PER_ADDRESS,
        windowMs: CODE_WINDOW_MS,
      },
    ];
    const claimed = await this.throttle.claim(limits);
    if (!claimed.ok) {
      await this.codeEvent('access_code.throttled', clientId, page.id, ip);
      throw codeThrottled(claimed.retryAfterSeconds);
    }
    const giveBack = async () => {
      for (const claim of claimed.claims) await this.throttle.release(claim);
    };

    const now = this.clock.now();
    const access = await this.links.pendingAccessLink(page.dispatchId, pendingSecret, now);
    if (!access?.codeHash || !access.codeExpiresAt || now >= access.codeExpiresAt) {
      // No code was checked: nothing counts against the limits.
      await giveBack();
      if (!access && !(await this.links.newestAccessLinkAskedBy(page.dispatchId, pendingSecret))) {
        // This browser never asked for an access link to these tasks.
        await this.codeEvent('access_code.refused', clientId, page.id, ip, 'other_device');
        throw codeOtherDevice();
      }
      await this.codeEvent('access_code.refused', clientId, access?.id ?? page.id, ip, 'expired');
      throw codeExpired();
    }
    if (!(await this.links.claimCodeAttempt(access.id, ACCESS_CODE_MAX_ATTEMPTS))) {
      await giveBack();
      const current = await this.links.findById(access.id);
      if (current && !current.usedAt && !current.revokedAt) {
        await this.codeEvent('access_code.refused', clientId, access.id, ip, 'used_up');
        throw codeUsedUp();
      }
      await this.codeEvent('access_code.refused', clientId, access.id, ip, 'expired');
      throw codeExpired();
    }
    if (!accessCodeMatches(this.config.appSecret, access.id, code, access.codeHash)) {
      const after = await this.links.findById(access.id);
      const attempts = after?.codeAttempts ?? ACCESS_CODE_MAX_ATTEMPTS;
      await this.codeEvent('access_code.failed', clientId, access.id, ip, null, attempts);
      if (attempts >= ACCESS_CODE_MAX_ATTEMPTS) throw codeUsedUp();
      throw codeWrong();
    }
    await giveBack();
    const outcome = await this.links.redeemWithCode(access, caller);
    if (!outcome) {
      // The link (or a parallel right code) was used first, or the link ended meanwhile.
      const current = await this.links.findById(access.id);
      if (current?.revokeReason === 'staff') throw linkWithdrawn(this.config.firmName);
      await this.codeEvent('access_code.refused', clientId, access.id, ip, 'used');
      throw codeExpired();
    }
    await this.codeEvent('access_code.accepted', clientId, access.id, ip);
    return outcome;
  }

  private async codeEvent(
    type:
      | 'access_code.accepted'
      | 'access_code.failed'
      | 'access_code.refused'
      | 'access_code.throttled',
    clientId: string,
    linkId: string,
    ip: string,
    reason: string | null = null,
    attempts?: number,
  ): Promise<void> {
    await this.audit.record({
      type,
      actorType: 'anonymous',
      clientId,
      subjectId: linkId,
      ip,
      detail: {
        ...(reason ? { reason } : {}),
        ...(attempts !== undefined ? { attempts } : {}),
      },
    });
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

const codeOtherDevice = (): ForbiddenException =>
  new ForbiddenException({
    error: 'code_other_device',
    message:
      'This browser did not ask for the link. Type the code on the device where you pressed Send Access Link.',
  });

const codeWrong = (): UnauthorizedException =>
  new UnauthorizedException({
    error: 'code_wrong',
    message: 'That code is not right. Check the 6 digits in the newest e-mail and try again.',
  });

const codeUsedUp = (): GoneException =>
  new GoneException({
    error: 'code_used_up',
    message: `This code was tried ${ACCESS_CODE_MAX_ATTEMPTS} times and no longer works. Open the link from the e-mail on this device, or ask for a new link.`,
  });

const codeExpired = (): GoneException =>
  new GoneException({
    error: 'code_expired',
    message: `This code no longer works: a code works once, for ${ACCESS_CODE_TTL_MINUTES} minutes, and only the newest one. Ask for a new link.`,
  });

const codeThrottled = (retryAfterSeconds: number): HttpException =>
  new HttpException(
    {
      error: 'too_many_attempts',
      message: `Too many codes were tried. Please wait ${waitPhrase(retryAfterSeconds)} and try again.`,
      retryAfterSeconds,
    },
    HttpStatus.TOO_MANY_REQUESTS,
  );
