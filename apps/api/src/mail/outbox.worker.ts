import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { LessThan, Repository } from 'typeorm';
import type { OutboxHealth } from '@app/contracts';
import { Clock } from '../common/clock';
import { Sealer } from '../common/crypto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DatabaseOutageLog } from '../database/outage-log';
import { placeholders, sqlTime } from '../database/sql-values';
import { Transactor } from '../database/transactor';
import { mailBranding, MailTemplateName, renderMail, type MailBranding } from './mail-templates';
import { MailService, sealContext } from './mail.service';
import { MailTransport } from './mail-transport';
import { OutboxMessage } from './outbox-message.entity';

const BATCH = 50;
/** Messages one instance sends at once (over as many pooled SMTP connections). */
export const SEND_CONCURRENCY = 16;
/** While SMTP is unreachable the worker probes it at least this often, so mail leaves soon after. */
export const OUTAGE_PROBE_MAX_MS = 2_000;
const STALE_REPORT_EVERY_MS = 60_000;
/** nodemailer error codes that say the server cannot be used now, not that this message is bad. */
const OUTAGE_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'EAUTH',
  'ETLS',
  'EPROTOCOL',
  'ECONNREFUSED',
  'ECONNRESET',
]);

/** Wait before retry n (1-based): base, 2×base, 4×base, … capped at maxMs (15 minutes). */
export function backoffMs(attempt: number, baseMs: number, maxMs = 15 * 60 * 1000): number {
  return Math.min(baseMs * 2 ** Math.min(attempt - 1, 40), maxMs);
}

/** True when the error is about reaching the SMTP server rather than about this message. */
export function isOutage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && OUTAGE_CODES.has(code);
}

/** What delivering a message reads of its row. */
type DueMessage = Pick<
  OutboxMessage,
  'id' | 'toAddress' | 'template' | 'sealedPayload' | 'attempts'
>;

/**
 * Due mail, oldest first, at most BATCH: now, now. It reads ix_mail_outbox_pending (status,
 * created_at, id) in order and stops at the LIMIT, no sort
 * (test/api/outbox-poll-uses-index.e2e-spec.ts).
 */
const DUE_SQL = `SELECT id, to_address, template, sealed_payload, attempts FROM mail_outbox
  WHERE status = 'pending' AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until < ?)
  ORDER BY created_at ASC, id ASC LIMIT ${BATCH}`;

interface DueRow {
  id: string;
  to_address: string;
  template: string;
  sealed_payload: string | null;
  attempts: number | string;
}

/**
 * Claims a pass's due messages at once, for one fresh token and one lease: token, lease end, now,
 * now, then the ids. Rows another instance claimed (or that stopped being due) are left alone.
 */
const claimSql = (
  count: number,
  pk: string,
): string => `UPDATE mail_outbox${pk} SET locked_by = ?, locked_until = ?
  WHERE status = 'pending' AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until < ?)
    AND id IN (${placeholders(count)})`;

/** Which of these ids a claim holds: token, then the ids (read only when it took fewer). */
const heldSql = (count: number, pk: string): string =>
  `SELECT id FROM mail_outbox${pk} WHERE locked_by = ? AND status = 'pending' AND id IN (${placeholders(count)})`;

/** Extends the lease of the claim's messages still pending: lease end, token, then the ids. */
const renewSql = (
  count: number,
  pk: string,
): string => `UPDATE mail_outbox${pk} SET locked_until = ?
  WHERE locked_by = ? AND status = 'pending' AND id IN (${placeholders(count)})`;

/** Gives back the claim's messages still pending (not tried this pass): token, then the ids. */
const releaseSql = (
  count: number,
  pk: string,
): string => `UPDATE mail_outbox${pk} SET locked_by = NULL,
    locked_until = NULL
  WHERE locked_by = ? AND status = 'pending' AND id IN (${placeholders(count)})`;

/** Marks sent messages, only those still under the claim: sent at, token, then the ids. */
const markSentSql = (
  count: number,
  pk: string,
): string => `UPDATE mail_outbox${pk} SET status = 'sent', sent_at = ?,
    sealed_payload = NULL, locked_by = NULL, locked_until = NULL, attempts = attempts + 1,
    last_error = NULL
  WHERE locked_by = ? AND status = 'pending' AND id IN (${placeholders(count)})`;

/** After a mark changed fewer rows than it sent: where they are (pending: under another claim). */
const lostSql = (count: number, pk: string): string =>
  `SELECT id, status, locked_by FROM mail_outbox${pk} WHERE id IN (${placeholders(count)})`;

/**
 * The statements on a claim's messages, by id list. `pk` is " FORCE INDEX (PRIMARY)" on MariaDB:
 * on a young outbox, mostly pending, the optimizer would rather walk every pending row on
 * ix_mail_outbox_pending, locking rows of other claims and deadlocking with them (seen in the
 * 300-mail backlog test). SQLite reads the id list on its key anyway. Explained in
 * test/api/outbox-poll-uses-index.e2e-spec.ts.
 */
export const CLAIM_STATEMENTS = { claimSql, heldSql, renewSql, releaseSql, markSentSql, lostSql };

/** The `pk` of CLAIM_STATEMENTS for a database driver. */
export function claimIndexHint(driver: AppConfig['database']['driver']): string {
  return driver === 'mysql' ? ' FORCE INDEX (PRIMARY)' : '';
}

/** One pass's claim: its token, and the sent messages waiting for their mark. */
interface Claim {
  token: string;
  ids: string[];
  toMark: DueMessage[];
  marking: Promise<void> | null;
}

/**
 * Delivers the outbox (SPEC 23: never lost; in a normal run, on any number of instances, never
 * sent twice).
 *
 * - Never gives up: a refused message is retried with a back-off capped at MAIL_RETRY_MAX_MS and
 *   keeps its sealed payload until it is sent. Mail pending longer than MAIL_STALE_MINUTES is
 *   logged as a warning and shown to staff in /api/health.
 * - An unreachable server is an outage, not a fault of the message: the message stays due and
 *   the worker pauses, probing at least every OUTAGE_PROBE_MAX_MS, so a backlog leaves as soon
 *   as the server is back.
 * - A pass claims its due messages (up to BATCH) with one conditional UPDATE that stamps a fresh
 *   claim token and a lease measured from the moment of that claim, and renews the lease of
 *   every message it still holds every quarter lease while it sends them over
 *   SEND_CONCURRENCY lanes. SMTP timeouts are shorter than the lease. Every later write is
 *   conditional on the token, so an instance whose claim was lost can never mark (or release)
 *   another instance's claim. What a pass does not try (an outage, a shutdown) it gives back at
 *   its end, due at once.
 * - Marks are grouped: a lane's sent message is marked with those other lanes sent while the
 *   previous mark ran, one UPDATE for all (issue 11: two statements a mail were most of what a
 *   mail cost the database; now a pass of 50 takes about four).
 * - A crash after sending and before marking sent lets the claim lapse, and the mail is sent
 *   again (twice, never lost).
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  readonly instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private running: Promise<void> | null = null;
  private stopping = false;
  /** A database outage is told once, not every poll. */
  private readonly outage = new DatabaseOutageLog(this.logger, 'outbox');
  /** Consecutive outage failures and the clock time before which no new send is tried. */
  private outageFailures = 0;
  private pausedUntil = 0;
  private lastStaleReport = Number.NEGATIVE_INFINITY;
  private inFlight = 0;
  /** The index hint of the claim statements (see CLAIM_STATEMENTS). */
  private readonly pk: string;

  constructor(
    @InjectRepository(OutboxMessage) private readonly outbox: Repository<OutboxMessage>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mailer: MailTransport,
    private readonly mail: MailService,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
    private readonly transactor: Transactor,
  ) {
    this.pk = claimIndexHint(config.database.driver);
  }

  onApplicationBootstrap(): void {
    const timer = setInterval(() => void this.tick(), this.config.mail.pollMs);
    timer.unref();
    this.scheduler.addInterval('mail-outbox', timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.scheduler.doesExist('interval', 'mail-outbox'))
      this.scheduler.deleteInterval('mail-outbox');
    await this.running;
  }

  /** One pass; overlapping ticks are skipped. */
  tick(): Promise<void> {
    const pass =
      this.running ??
      this.deliverDue()
        .then(() => this.reportStale())
        .then(() => this.outage.succeeded())
        .catch((error: unknown) => this.outage.failed(error))
        .finally(() => (this.running = null));
    this.running = pass;
    return pass;
  }

  /** Sends due mail until none is left, the server is unreachable, or the app stops. */
  async deliverDue(): Promise<number> {
    let sent = 0;
    while (!this.stopping && !this.paused()) {
      const now = this.clock.now();
      // What a claim protects (recipient, template, payload) never changes while the message is
      // pending, so the claim need not read the row again. Every instance runs this every poll:
      // a fixed statement, no entity hydration (issue 11).
      const rows = await this.transactor.read<DueRow[]>(DUE_SQL, [sqlTime(now), sqlTime(now)]);
      if (rows.length === 0) break;
      // In id order, as every claim statement locks them: two claims never wait on each other.
      const claim = await this.claim(rows.map((r) => r.id).sort());
      if (claim.ids.length === 0) break; // another instance has them all
      const held = new Set(claim.ids);
      sent += await this.deliverClaimed(
        claim,
        rows.map(dueMessage).filter((m) => held.has(m.id)),
      );
      if (rows.length < BATCH) break;
    }
    return sent;
  }

  /** Sends a claim's messages over SEND_CONCURRENCY lanes, renewing the lease while it does. */
  private async deliverClaimed(claim: Claim, messages: DueMessage[]): Promise<number> {
    let sent = 0;
    let renewing: Promise<void> = Promise.resolve();
    const renewal = setInterval(
      () => {
        renewing = this.renew(claim).catch((error: unknown) =>
          this.logger.warn({ message: 'mail claim renewal failed', error: String(error) }),
        );
      },
      Math.max(250, Math.floor(this.config.mail.claimMs / 4)),
    );
    const queue = [...messages];
    const lane = async (): Promise<void> => {
      for (let message = queue.shift(); message; message = queue.shift()) {
        if (this.stopping || this.paused()) return;
        this.inFlight++;
        try {
          if (await this.deliver(claim, message)) sent++;
        } finally {
          this.inFlight--;
        }
      }
    };
    try {
      // Every lane finishes before the pass ends (shutdown waits for the pass), even if one fails.
      const lanes = await Promise.allSettled(Array.from({ length: SEND_CONCURRENCY }, lane));
      const failed = lanes.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    } finally {
      clearInterval(renewal);
      await renewing;
      await this.release(claim);
    }
    return sent;
  }

  /** Pending mail, its oldest age and how much of it is stale (staff health details). */
  async stats(): Promise<OutboxHealth> {
    const now = this.clock.now();
    const staleMinutes = this.config.mail.staleMinutes;
    const staleBefore = new Date(now.getTime() - staleMinutes * 60_000);
    const [pending, stale, oldest] = await Promise.all([
      this.outbox.countBy({ status: 'pending' }),
      this.outbox.countBy({ status: 'pending', createdAt: LessThan(staleBefore) }),
      this.outbox.findOne({
        select: { id: true, createdAt: true },
        where: { status: 'pending' },
        order: { createdAt: 'ASC', id: 'ASC' },
      }),
    ]);
    return {
      pending,
      stale,
      staleAfterMinutes: staleMinutes,
      oldestPendingSeconds: oldest
        ? Math.max(0, Math.floor((now.getTime() - oldest.createdAt.getTime()) / 1000))
        : null,
    };
  }

  /** Messages this instance is sending right now. */
  get sending(): number {
    return this.inFlight;
  }

  private paused(): boolean {
    return this.clock.now().getTime() < this.pausedUntil;
  }

  /** Takes these messages (those still due and free): a fresh token, a lease from now. */
  private async claim(ids: string[]): Promise<Claim> {
    const now = this.clock.now();
    const token = randomUUID();
    const until = new Date(now.getTime() + this.config.mail.claimMs);
    // Claims and marks are fixed statements (issue 11).
    const taken = await this.transactor.changed(claimSql(ids.length, this.pk), [
      token,
      sqlTime(until),
      sqlTime(now),
      sqlTime(now),
      ...ids,
    ]);
    const held =
      taken === ids.length
        ? ids
        : taken === 0
          ? []
          : (
              await this.transactor.read<Array<{ id: string }>>(heldSql(ids.length, this.pk), [
                token,
                ...ids,
              ])
            ).map((r) => r.id);
    return { token, ids: held, toMark: [], marking: null };
  }

  /** Extends the lease of the claim's messages still pending (lost ones are not touched). */
  private async renew(claim: Claim): Promise<void> {
    const until = new Date(this.clock.now().getTime() + this.config.mail.claimMs);
    await this.transactor.changed(renewSql(claim.ids.length, this.pk), [
      sqlTime(until),
      claim.token,
      ...claim.ids,
    ]);
  }

  /**
   * At the end of a pass: what the claim still holds (not tried: an outage paused the lanes, or
   * the app is stopping) is due again at once, for this instance or another. A failure here only
   * delays those messages until their lease ends.
   */
  private async release(claim: Claim): Promise<void> {
    try {
      await this.transactor.changed(releaseSql(claim.ids.length, this.pk), [
        claim.token,
        ...claim.ids,
      ]);
    } catch (error) {
      this.logger.warn({ message: 'mail claim release failed', error: String(error) });
    }
  }

  private async deliver(claim: Claim, message: DueMessage): Promise<boolean> {
    try {
      await this.mailer.sendMail({
        to: message.toAddress,
        // One Message-ID per outbox row (a resend after a crash carries the same one), so
        // nodemailer need not make a random one for every mail (issue 11).
        messageId: `<${message.id}@${this.messageIdDomain}>`,
        ...this.render(message),
      });
    } catch (error) {
      await this.recordFailure(message, claim, error);
      return false;
    }
    this.outageFailures = 0;
    this.pausedUntil = 0;
    await this.markSoon(claim, message);
    return true;
  }

  /** The firm's name, logo, colour and contact footer, added to every e-mail as it is sent. */
  private get branding(): MailBranding {
    return (this.brandingCache ??= mailBranding(this.config));
  }

  private brandingCache: MailBranding | undefined;

  /** The sender address's domain, the right-hand side of every Message-ID. */
  private get messageIdDomain(): string {
    return (this.messageIdDomainCache ??=
      this.branding.senderAddress.split('@').pop() || 'localhost');
  }

  private messageIdDomainCache: string | undefined;

  private render(message: DueMessage): ReturnType<typeof renderMail> {
    const sealed = message.sealedPayload ?? '';
    if (Sealer.isLegacy(sealed)) {
      this.logger.warn({
        message: 'mail sealed before seals were bound to their row',
        outboxId: message.id,
      });
    }
    const plain = this.mail.sealer.open(sealed, sealContext(message.id, message.toAddress));
    return renderMail(
      message.template as MailTemplateName,
      JSON.parse(plain) as Record<string, unknown>,
      this.branding,
    );
  }

  /**
   * Marks the message sent, with whatever other lanes sent while the previous mark ran: one
   * UPDATE for all of them, at most one at a time per claim. Resolves once this one is marked.
   */
  private async markSoon(claim: Claim, message: DueMessage): Promise<void> {
    claim.toMark.push(message);
    while (claim.toMark.includes(message)) {
      claim.marking ??= this.markSent(claim, claim.toMark.splice(0)).finally(() => {
        claim.marking = null;
      });
      await claim.marking;
    }
  }

  /** Marks sent messages, only under our own claim; retried so a DB blip does not resend them. */
  private async markSent(claim: Claim, messages: DueMessage[]): Promise<void> {
    const ids = messages.map((m) => m.id);
    for (let attempt = 1; ; attempt++) {
      try {
        const marked = await this.transactor.changed(markSentSql(ids.length, this.pk), [
          sqlTime(this.clock.now()),
          claim.token,
          ...ids,
        ]);
        // Fewer marked than sent: a claim lapsed and another instance holds those messages now.
        const lost =
          marked === ids.length
            ? new Set<string>()
            : new Set(
                (
                  await this.transactor.read<
                    Array<{ id: string; status: string; locked_by: string | null }>
                  >(lostSql(ids.length, this.pk), ids)
                )
                  .filter((r) => r.status === 'pending' && r.locked_by !== claim.token)
                  .map((r) => r.id),
              );
        for (const message of messages) {
          if (lost.has(message.id)) {
            this.logger.error({
              message: 'mail sent after its claim was lost; another instance may send it again',
              outboxId: message.id,
            });
          } else {
            this.logger.log({
              message: 'mail sent',
              outboxId: message.id,
              template: message.template,
            });
          }
        }
        return;
      } catch (error) {
        if (attempt >= 5) {
          for (const id of ids) {
            this.logger.error({
              message: 'mail sent but not marked sent; it will be sent again',
              outboxId: id,
              error: String(error),
            });
          }
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  }

  private async recordFailure(message: DueMessage, claim: Claim, error: unknown): Promise<void> {
    const attempts = message.attempts + 1;
    const now = this.clock.now().getTime();
    const { retryBaseMs, retryMaxMs } = this.config.mail;
    const outage = isOutage(error);
    if (outage) {
      this.outageFailures++;
      this.pausedUntil =
        now +
        Math.min(backoffMs(this.outageFailures, retryBaseMs, retryMaxMs), OUTAGE_PROBE_MAX_MS);
    }
    const reason = (error as { message?: unknown } | null)?.message;
    const text = (typeof reason === 'string' ? reason : String(error)).slice(0, 500);
    // Only under our own claim: the payload is never touched, so the mail stays deliverable.
    await this.outbox.update(
      { id: message.id, lockedBy: claim.token, status: 'pending' },
      {
        attempts: () => 'attempts + 1',
        // An outage is no fault of this message: it stays due, and the worker pauses instead.
        ...(outage
          ? {}
          : { nextAttemptAt: new Date(now + backoffMs(attempts, retryBaseMs, retryMaxMs)) }),
        lastError: text,
        lockedBy: null,
        lockedUntil: null,
      },
    );
    if (!outage || this.outageFailures === 1 || this.outageFailures % 30 === 0) {
      this.logger.warn({
        message: outage ? 'mail server unreachable; mail waits' : 'mail will be retried',
        outboxId: message.id,
        attempts,
        ...(outage ? { consecutiveOutageFailures: this.outageFailures } : {}),
        error: text,
      });
    }
  }

  /** Warns, at most once a minute, while any mail has waited longer than MAIL_STALE_MINUTES. */
  private async reportStale(): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - this.lastStaleReport < STALE_REPORT_EVERY_MS) return;
    this.lastStaleReport = now;
    const stats = await this.stats();
    if (stats.stale > 0) {
      this.logger.warn({ message: 'mail outbox has stale mail', ...stats });
    }
  }
}

function dueMessage(row: DueRow): DueMessage {
  return {
    id: row.id,
    toAddress: row.to_address,
    template: row.template,
    sealedPayload: row.sealed_payload,
    attempts: Number(row.attempts),
  };
}
