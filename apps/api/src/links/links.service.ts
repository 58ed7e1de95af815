import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, LessThan, MoreThan, Repository } from 'typeorm';
import type { ExpiredReason, LinkKind, LinkStatusResponse, TaskSummary } from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import type { CallerContext } from '../auth/request-context';
import { ClientsService } from '../clients/clients.service';
import { Clock } from '../common/clock';
import { maskEmail, newToken, sha256Hex } from '../common/crypto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { newId } from '../database/columns';
import { ExpiryPartitions } from '../database/expiry-partitions';
import { sqlNumber, sqlTime, timeOf } from '../database/sql-values';
import { Transactor } from '../database/transactor';
import { ActivityService } from '../events/activity.service';
import type { Device } from '../devices/device.entity';
import {
  deviceBySecretJoin,
  DevicesService,
  heldClientSql,
  holdsDispatchSql,
} from '../devices/devices.service';
import { MailService } from '../mail/mail.service';
import { openTaskCountSql, TasksService } from '../tasks/tasks.service';
import { formatDateTime } from '../common/firm-time';
import { ACCESS_CODE_TTL_MINUTES, accessCodeHash } from './access-code';
import { looksAutomated, noticeDeviceLabel } from './device-notice';
import {
  linkDeclined,
  linkExpired,
  linkOtherDevice,
  linkUnknown,
  linkWithdrawn,
} from './link-errors';
import { Link, LinkRevokeReason } from './link.entity';
import { clientLinkState, linkState, type LinkTimes } from './link-state';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Another redemption used the link first. */
class LostRace extends Error {}

/** The asking browser's pending-cookie secret (issue 14), read by the controller. */
export interface PendingCaller {
  pendingSecret?: string | null;
}

/**
 * The link page's one statement (issue 11): the link by its token hash, its client's order email
 * and name, this browser's device (by its cookie secret's hash; none without a cookie), whether
 * that device may open the dispatch now and has ever held the client's tasks, and how many of the
 * dispatch's tasks are open. The device and task parts come from their owners. Every table is
 * read through a unique key or an index. Parameters: now, device secret hash (or null), token hash.
 */
export const LINK_LOOKUP_SQL = `SELECT l.id, l.kind, l.client_id, l.dispatch_id, l.redeem_by,
    l.expires_at, l.used_at, l.revoked_at, l.revoke_reason, l.bound_to_hash,
    c.email AS client_email, c.name AS client_name, d.id AS device_id, d.label AS device_label,
    ${holdsDispatchSql('d.id', 'l.dispatch_id')} AS holds,
    ${heldClientSql('d.id', 'l.client_id')} AS held,
    ${openTaskCountSql('l.dispatch_id')} AS open_tasks
  FROM links l
  JOIN clients c ON c.id = l.client_id
  ${deviceBySecretJoin('d')}
  WHERE l.token_hash = ?`;

/**
 * Uses a link once: parameters now, device id, link id, its expiry; one affected row or none.
 * The expiry is the second half of the primary key: MariaDB then looks in the link's month only.
 */
const USE_LINK_SQL = `UPDATE links SET used_at = ?, used_by_device_id = ?
  WHERE id = ? AND expires_at = ? AND used_at IS NULL AND revoked_at IS NULL`;

type SqlTime = Date | string;

interface LinkLookupRow {
  id: string;
  kind: LinkKind;
  client_id: string;
  dispatch_id: string;
  redeem_by: SqlTime;
  expires_at: SqlTime;
  used_at: SqlTime | null;
  revoked_at: SqlTime | null;
  revoke_reason: LinkRevokeReason | null;
  bound_to_hash: string | null;
  client_email: string;
  client_name: string;
  device_id: string | null;
  device_label: string | null;
  holds: number | string | null;
  held: number | string | null;
  open_tasks: number | string;
}

/** The browser's device as the link page needs it. */
type LinkDevice = Pick<Device, 'id' | 'label'>;

/**
 * What the link page and redeem read of a link: its state's columns, what it opens, and the
 * browser it is bound to. Not its token or code hashes: the lookup is by the token, and a code is
 * checked against the link as stored (issue 14, redeemWithCode).
 */
type LinkFacts = Pick<Link, 'id' | 'kind' | 'clientId' | 'dispatchId' | 'boundToHash'> & LinkTimes;

/** What LINK_LOOKUP_SQL found. */
interface LinkLookup {
  link: LinkFacts;
  client: { email: string; name: string };
  device: LinkDevice | null;
  /** The device may open the link's dispatch now. */
  holds: boolean;
  /** The device has ever held any of the client's tasks. */
  held: boolean;
  openTasks: number;
}

function lookupOf(row: LinkLookupRow): LinkLookup {
  const link: LinkFacts = {
    id: row.id,
    kind: row.kind,
    clientId: row.client_id,
    dispatchId: row.dispatch_id,
    redeemBy: timeOf(row.redeem_by),
    expiresAt: timeOf(row.expires_at),
    usedAt: timeOf(row.used_at),
    revokedAt: timeOf(row.revoked_at),
    revokeReason: row.revoke_reason,
    boundToHash: row.bound_to_hash,
  };
  const device = row.device_id === null ? null : { id: row.device_id, label: row.device_label };
  return {
    link,
    client: { email: row.client_email, name: row.client_name },
    device,
    holds: device !== null && sqlNumber(row.holds) === 1,
    held: device !== null && sqlNumber(row.held) === 1,
    openTasks: sqlNumber(row.open_tasks),
  };
}

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
  /** The months `links` is partitioned into on MariaDB (issue 11, purge). */
  private readonly partitions: ExpiryPartitions;

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
    private readonly activity: ActivityService,
  ) {
    this.partitions = new ExpiryPartitions(links.manager.connection, 'links', new Logger('Purge'));
  }

  url(token: string): string {
    return `${this.config.publicUrl}/l/${token}`;
  }

  /**
   * A new link (SPEC rule 1): 256 random bits; only the SHA-256 is stored. An access link is
   * bound (issue 14) to the hash of the asking browser's pending cookie and carries a 6-digit
   * code, kept as an HMAC under APP_SECRET with the link id, valid 10 minutes.
   */
  async issue(
    manager: EntityManager,
    input: {
      clientId: string;
      dispatchId: string;
      kind: LinkKind;
      bind?: { browserHash: string; code: string };
    },
  ): Promise<{ link: Link; token: string }> {
    const now = this.clock.now();
    const token = newToken();
    const expiresAt = new Date(now.getTime() + this.config.links.ttlDays * DAY_MS);
    const redeemBy =
      input.kind === 'access'
        ? new Date(now.getTime() + this.config.links.accessLinkTtlMinutes * 60_000)
        : expiresAt;
    const id = newId();
    const link: Link = {
      id,
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
      boundToHash: input.bind?.browserHash ?? null,
      codeHash: input.bind ? accessCodeHash(this.config.appSecret, id, input.bind.code) : null,
      codeExpiresAt: input.bind ? new Date(now.getTime() + ACCESS_CODE_TTL_MINUTES * 60_000) : null,
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

  /**
   * What the link page may show. A pure read: opening a link never changes anything. One
   * statement (LINK_LOOKUP_SQL), unless this browser waits for an access link's code.
   */
  async status(
    token: string,
    caller: Pick<CallerContext, 'deviceSecret'> & PendingCaller,
  ): Promise<LinkStatusResponse> {
    const firmName = this.config.firmName;
    const now = this.clock.now();
    const found = await this.lookup(token, caller.deviceSecret, now);
    if (!found) return { state: 'unknown', firmName };
    const { link, client } = found;
    let state = clientLinkState(link, now, found.holds);
    // An unused access link asked for in another browser opens nothing here (issue 14), even
    // in a browser that holds the tasks already (the old device, or a scanner that took them).
    if ((state === 'ready' || state === 'trusted') && !boundHere(link, caller.pendingSecret)) {
      state = 'elsewhere';
    }
    // Built up in place, in the order the fields are sent (one object of one shape for the
    // everyday answers, not a copy per optional part: issue 11).
    const answer: LinkStatusResponse = {
      state,
      kind: link.kind,
      maskedEmail: maskEmail(client.email),
      firmName,
    };
    if (state === 'declined' && link.kind === 'reminder') {
      Object.assign(answer, await this.reminderUnheld(link.dispatchId, now));
    }
    if (state === 'expired') Object.assign(answer, this.expiry(link, now));
    if (state === 'declined') {
      Object.assign(answer, await this.movedFrom(found.device, link.dispatchId));
    }
    if (state === 'declined' || state === 'expired') {
      // This browser asked for an access link that still waits: its page offers the code again.
      if (await this.pendingAccessLink(link.dispatchId, caller.pendingSecret, now)) {
        answer.codePending = true;
      }
      return answer;
    }
    if (state !== 'ready' && state !== 'trusted') return answer;
    // An unused link works until it must be redeemed (an access link: its minutes, issue 13);
    // once used, the device's access lasts until the link's own end.
    const until = state === 'ready' ? link.redeemBy : link.expiresAt;
    answer.taskCount = found.openTasks;
    answer.expiresAt = until.toISOString();
    answer.timeZone = this.config.firm.timeZone;
    if (link.kind === 'access') answer.accessLinkMinutes = this.config.links.accessLinkTtlMinutes;
    return answer;
  }

  /** Why an expired link no longer works, with the validity it had (issue 13). */
  private expiry(
    link: LinkFacts,
    now: Date,
  ): Pick<LinkStatusResponse, 'expiredReason' | 'accessLinkMinutes' | 'linkDays'> {
    const reason = expiredReason(link, now);
    if (reason === 'unopened') {
      return { expiredReason: reason, accessLinkMinutes: this.config.links.accessLinkTtlMinutes };
    }
    return reason === 'ended'
      ? { expiredReason: reason, linkDays: this.config.links.ttlDays }
      : { expiredReason: reason };
  }

  /**
   * A declined link opened by a browser whose device held the tasks until an access link moved
   * them to another device (issue 13): when. Nothing for any other browser.
   */
  private async movedFrom(
    device: LinkDevice | null,
    dispatchId: string,
  ): Promise<Pick<LinkStatusResponse, 'movedAt' | 'timeZone'>> {
    if (!device) return {};
    const movedAt = await this.devices.movedAwayAt(device.id, dispatchId);
    return movedAt ? { movedAt: movedAt.toISOString(), timeZone: this.config.firm.timeZone } : {};
  }

  /**
   * A declined reminder link (issue 14): whether no device holds the dispatch yet (none of its
   * dispatch or access links was ever used), and then whether its original link still works.
   */
  private async reminderUnheld(
    dispatchId: string,
    now: Date,
  ): Promise<Pick<LinkStatusResponse, 'unheld' | 'originalWorks'>> {
    const links = await this.links.find({
      select: { id: true, kind: true, usedAt: true, revokedAt: true, redeemBy: true },
      where: { dispatchId },
    });
    if (links.some((l) => l.kind !== 'reminder' && l.usedAt)) return {};
    const originalWorks = links.some(
      (l) => l.kind === 'dispatch' && !l.revokedAt && now < l.redeemBy,
    );
    return { unheld: true, originalWorks };
  }

  /**
   * Uses the link for this browser (SPEC rules 3-5). Exactly one of any number of simultaneous
   * redemptions wins: one conditional UPDATE … WHERE used_at IS NULL, checked for one row.
   */
  async redeem(
    token: string,
    caller: Pick<CallerContext, 'ip' | 'userAgent' | 'deviceSecret'> & PendingCaller,
  ): Promise<RedeemOutcome> {
    const now = this.clock.now();
    const found = await this.lookup(token, caller.deviceSecret, now);
    if (!found) throw linkUnknown();
    const { link, device } = found;
    const ip = caller.ip;
    const state = clientLinkState(link, now, found.holds);

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
    // Issue 14: an unused access link works only in the browser that asked for it; elsewhere
    // it changes nothing (no device, no grant, the link stays unused).
    if ((state === 'ready' || state === 'trusted') && !boundHere(link, caller.pendingSecret)) {
      await this.declined(link, device, ip, 'other_device');
      throw linkOtherDevice();
    }
    if (state === 'trusted') return { newDeviceSecret: null, tasks: await this.openTasks(link) };
    if (state === 'declined') {
      await this.declined(link, device, ip);
      throw linkDeclined();
    }

    const outcome = await this.use(link, device, caller, now, 'link', found);
    if (!outcome) {
      // Used first by another redemption (or the code), or withdrawn by staff meanwhile.
      const withdrawn = (await this.find(token))?.revokeReason === 'staff';
      await this.declined(link, device, ip, withdrawn ? 'withdrawn' : undefined);
      throw withdrawn ? linkWithdrawn(this.config.firmName) : linkDeclined();
    }
    return outcome;
  }

  /**
   * The code path (issue 14): a right code typed in the asking browser uses its access link
   * exactly as opening the link there would. Null when the link can no longer be used (used
   * meanwhile by the link or another code, expired, replaced or withdrawn).
   */
  async redeemWithCode(
    link: Link,
    caller: Pick<CallerContext, 'ip' | 'userAgent' | 'deviceSecret'>,
  ): Promise<RedeemOutcome | null> {
    const now = this.clock.now();
    const device = await this.devices.findBySecret(caller.deviceSecret);
    if (linkState(link, now) !== 'ready') return null;
    return this.use(link, device, caller, now, 'code');
  }

  /**
   * The unused access link of a dispatch that this browser (its pending cookie) asked for, with
   * its code still live, or null.
   */
  async pendingAccessLink(
    dispatchId: string,
    pendingSecret: string | null | undefined,
    now: Date,
  ): Promise<Link | null> {
    const link = await this.newestAccessLinkAskedBy(dispatchId, pendingSecret);
    if (!link || linkState(link, now) !== 'ready') return null;
    return link;
  }

  /** The newest access link of a dispatch that this browser asked for, used or not, or null. */
  async newestAccessLinkAskedBy(
    dispatchId: string,
    pendingSecret: string | null | undefined,
  ): Promise<Link | null> {
    if (!pendingSecret) return null;
    return this.links.findOne({
      where: { dispatchId, kind: 'access', boundToHash: sha256Hex(pendingSecret) },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
  }

  /**
   * Counts one code attempt against the access link before the code is checked (issue 14):
   * one conditional UPDATE, so parallel guesses can never check more than 5. False when the
   * code has had its tries or the link can no longer be used.
   */
  async claimCodeAttempt(linkId: string, maxAttempts: number): Promise<boolean> {
    const claimed = await this.links.update(
      {
        id: linkId,
        usedAt: IsNull(),
        revokedAt: IsNull(),
        codeAttempts: LessThan(maxAttempts),
      },
      { codeAttempts: () => 'code_attempts + 1' },
    );
    return claimed.affected === 1;
  }

  /** The link as stored now (after a claim, to read its attempt count). */
  findById(linkId: string): Promise<Link | null> {
    return this.links.findOneBy({ id: linkId });
  }

  /**
   * Uses the link for this browser in one transaction: marks it used (one conditional UPDATE),
   * moves the tasks for an access link, grants the device and tells the order email about a new
   * device. Null when another redemption won.
   */
  private async use(
    link: LinkFacts,
    device: LinkDevice | null,
    caller: Pick<CallerContext, 'ip' | 'userAgent'>,
    now: Date,
    via: 'link' | 'code',
    known?: Pick<LinkLookup, 'client' | 'held'>,
  ): Promise<RedeemOutcome | null> {
    const ip = caller.ip;
    // The link page's statement already read the client and whether the device held its tasks.
    const client = known?.client ?? (await this.clients.get(link.clientId));
    const held = known
      ? known.held
      : !!device && (await this.devices.hasHeldGrant(device.id, link.clientId));
    const newToClient = !device || !held;
    const fresh = device ? null : this.devices.prepareDevice(caller.userAgent, now);
    const deviceId = device?.id ?? fresh!.device.id;
    // Losing the race throws inside the transaction, so the loser's new device row rolls back.
    // Fixed statements on one pooled connection (Transactor.fixed): redeem is a hot path.
    const won = await this.transactor
      .fixed(async (manager) => {
        if (fresh) await this.devices.addDevice(manager, fresh.device);
        // Single use: one conditional UPDATE, checked for one changed row.
        const used = await manager.changed(USE_LINK_SQL, [
          sqlTime(now),
          deviceId,
          link.id,
          sqlTime(link.expiresAt),
        ]);
        if (used !== 1) throw new LostRace();
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
          await this.activity.record(manager, {
            type: 'device.moved',
            actorType: 'client',
            actorId: deviceId,
            clientId: link.clientId,
            dispatchId: link.dispatchId,
            subjectId: deviceId,
            detail: { previousGrants: moved },
          });
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
              deviceLabel: noticeDeviceLabel(caller.userAgent),
              when: formatDateTime(now, this.config.firm.timeZone),
              timeZone: this.config.firm.timeZone,
              automated: looksAutomated(caller.userAgent),
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
            detail: { kind: link.kind, via },
          },
          manager,
        );
        await this.activity.record(manager, {
          type: 'link.redeemed',
          actorType: 'client',
          actorId: deviceId,
          clientId: link.clientId,
          dispatchId: link.dispatchId,
          subjectId: link.id,
          detail: { kind: link.kind, via, newDevice: newToClient },
        });
        return true;
      })
      .catch((error: unknown) => {
        if (error instanceof LostRace) return false;
        throw error;
      });
    if (!won) return null;
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

  /** Reminders (issue 13): every link of these dispatches, oldest first. */
  forDispatches(dispatchIds: string[]): Promise<Link[]> {
    if (dispatchIds.length === 0) return Promise.resolve([]);
    return this.links.find({
      where: { dispatchId: In(dispatchIds) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /**
   * Reminders (issues 13, 14): a `reminder` link born used, whether or not a device holds the
   * tasks yet. The browser holding the dispatch opens it like its own used link (SPEC rule 4);
   * any other is declined and offered Send Access Link (rule 5); while no device holds them its
   * page says to open the original e-mail's link instead. It can never be redeemed, so a
   * forwarded reminder or a scanner gets nothing through it.
   */
  async issueReminderLink(
    manager: EntityManager,
    input: { clientId: string; dispatchId: string },
  ): Promise<{ link: Link; token: string }> {
    const issued = await this.issue(manager, { ...input, kind: 'reminder' });
    await manager.update(Link, { id: issued.link.id }, { usedAt: issued.link.createdAt });
    issued.link.usedAt = issued.link.createdAt;
    return issued;
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
   * Purge (SPEC rule 9, issue 11): on MariaDB, drops the months of links that all expired before
   * `cutoff` (the purge drops their grants' months first); returns how many links went. What is
   * left to purge after it (the month the cutoff falls in) goes row by row, `deleteExpired`.
   */
  dropExpiredMonths(cutoff: Date): Promise<number> {
    return this.partitions.dropEndedBefore(cutoff);
  }

  /** Keeps a month ready on MariaDB for every link that may expire up to `until`. */
  prepareMonths(until: Date, now: Date): Promise<void> {
    return this.partitions.extendTo(until, now);
  }

  /**
   * Purge (SPEC rule 9): deletes up to `batchSize` links that expired before `cutoff`, with the
   * device grants earned through them, in one transaction. Returns how many links went.
   */
  async deleteExpired(cutoff: Date, batchSize: number): Promise<number> {
    const batch = await this.links.find({
      select: { id: true, dispatchId: true },
      where: { expiresAt: LessThan(cutoff) },
      take: batchSize,
    });
    if (batch.length === 0) return 0;
    return this.transactor.run(async (manager) => {
      await this.devices.deleteForLinks(manager, batch);
      const ids = In(batch.map((l) => l.id));
      // The expiry as well: on MariaDB only the months before the cutoff are looked in.
      return (await manager.delete(Link, { id: ids, expiresAt: LessThan(cutoff) })).affected ?? 0;
    });
  }

  /** The link with what the link page needs of its client, this browser and its tasks. */
  private async lookup(
    token: string,
    deviceSecret: string | null | undefined,
    now: Date,
  ): Promise<LinkLookup | null> {
    const rows = await this.transactor.read<LinkLookupRow[]>(LINK_LOOKUP_SQL, [
      sqlTime(now),
      deviceSecret ? sha256Hex(deviceSecret) : null,
      sha256Hex(token),
    ]);
    return rows.length ? lookupOf(rows[0]) : null;
  }

  private async declined(
    link: LinkFacts,
    device: LinkDevice | null,
    ip: string | null,
    reason?: 'withdrawn' | 'other_device',
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

  private async openTasks(link: Pick<Link, 'dispatchId'>): Promise<TaskSummary[]> {
    return (await this.tasks.openTasks({ dispatchIds: [link.dispatchId] })).open;
  }
}

/** Why an expired link no longer works (issue 13): replaced, unopened in its minutes, or ended. */
function expiredReason(link: LinkTimes, now: Date): ExpiredReason {
  if (link.revokeReason === 'superseded') return 'replaced';
  if (now < link.expiresAt && !link.usedAt && now >= link.redeemBy) return 'unopened';
  return 'ended';
}

/** Whether this browser may use the link: any browser for a dispatch link or an unbound one. */
function boundHere(
  link: Pick<Link, 'kind' | 'boundToHash' | 'usedAt'>,
  pendingSecret: string | null | undefined,
): boolean {
  if (link.kind !== 'access' || !link.boundToHash || link.usedAt) return true;
  return !!pendingSecret && sha256Hex(pendingSecret) === link.boundToHash;
}
