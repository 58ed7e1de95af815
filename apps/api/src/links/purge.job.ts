import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JobLeases } from '../database/job-leases.service';
import { LeasedInterval } from '../database/leased-interval';
import { PurgeSteps } from '../database/purge-steps';
import { DevicesService } from '../devices/devices.service';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { SessionTokensService } from '../sessions/session-tokens.service';
import { LinksService } from './links.service';

const DAY_MS = 24 * 60 * 60 * 1000;
const JOB = 'purge-expired';

export interface PurgeCounts {
  links: number;
  deviceGrants: number;
  sessions: number;
}

/**
 * SPEC rule 9: deletes links that expired more than LINK_RETENTION_DAYS ago (until then the
 * expired page can still offer Send Access Link), device grants that ended as long ago, and
 * expired sessions (and, issue 12, expired Idempotency-Keys and the retention steps registered
 * in PurgeSteps: old activity events, mailed staff notices, ended webhook deliveries) — in batches
 * of at most PURGE_BATCH_SIZE (≤ 1,000) rows, and each tick on one instance only. On MariaDB
 * (issue 11) links and grants are partitioned by month of expiry: a month that ended before the
 * cutoff is taken away whole, and the pass keeps months ready ahead
 * (database/expiry-partitions.ts). `npm run purge` and POST /api/admin/maintenance/purge run it
 * by hand. The job only orchestrates: each table's owner deletes its own rows, by primary key, one
 * short transaction per batch. `npm run purge` builds no ScheduleModule, so there is no
 * SchedulerRegistry and no timer: one pass, then it exits.
 */
@Injectable()
export class PurgeJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Purge');
  private readonly interval: LeasedInterval;

  constructor(
    leases: JobLeases,
    private readonly links: LinksService,
    private readonly devices: DevicesService,
    private readonly sessions: SessionTokensService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly idempotency: IdempotencyService,
    private readonly retention: PurgeSteps,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    // By token: the type `SchedulerRegistry | null` is emitted as Object, which resolves to
    // nothing, and the timer would never start in the app.
    @Optional() @Inject(SchedulerRegistry) scheduler: SchedulerRegistry | null,
  ) {
    this.interval = new LeasedInterval({
      name: JOB,
      everyMs: config.links.purgeIntervalMinutes * 60_000,
      leases,
      clock,
      scheduler,
      logger: this.logger,
      failureMessage: 'purge tick failed',
    });
  }

  onApplicationBootstrap(): void {
    this.interval.start(() => this.tick());
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.interval.stop();
  }

  /** The scheduled entry point: runs only if this instance claims the current tick. */
  async tick(): Promise<PurgeCounts | null> {
    if (!(await this.interval.claim())) return null;
    return this.purge();
  }

  /** One full pass, batch after batch, until nothing eligible is left. */
  async purge(): Promise<PurgeCounts> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - this.config.links.retentionDays * DAY_MS);
    const size = this.config.links.purgeBatchSize;
    // Grants first: they reference the links about to go. On MariaDB whole months go first
    // (issue 11), then what is left row by row.
    const grantMonths = await this.devices.dropEndedMonths(cutoff);
    const linkMonths = await this.links.dropExpiredMonths(cutoff);
    const counts: PurgeCounts = {
      deviceGrants:
        grantMonths +
        (await this.inBatches(size, () => this.devices.deleteEndedGrants(cutoff, size))),
      links:
        linkMonths + (await this.inBatches(size, () => this.links.deleteExpired(cutoff, size))),
      sessions: await this.inBatches(size, () => this.sessions.deleteExpired(now, size)),
    };
    // Months ready for every link made before the next passes: the longest a link lives, and a
    // month to spare, so the catch-all stays empty and splitting it moves no rows.
    const until = new Date(now.getTime() + (this.config.links.ttlDays + 31) * DAY_MS);
    await this.devices.prepareMonths(until, now);
    await this.links.prepareMonths(until, now);
    // Issue 12: Idempotency-Keys past their 24 hours (logged, not part of the counts).
    const idempotencyKeys = await this.inBatches(size, () =>
      this.idempotency.deleteExpired(now, size),
    );
    if (idempotencyKeys > 0) {
      this.logger.log({ message: 'idempotency keys purged', idempotencyKeys });
    }
    // Issue 12: retention of activity events, mailed staff notices and ended webhook deliveries,
    // each step registered by its table's owner (logged, not part of the counts).
    const retained: Record<string, number> = {};
    for (const step of this.retention.list()) {
      retained[step.name] = await this.inBatches(size, () => step.deleteBatch(now, size));
    }
    if (Object.values(retained).some((n) => n > 0)) {
      this.logger.log({ message: 'retention purged', ...retained });
    }
    this.logger.log({ message: 'purge finished', cutoff: cutoff.toISOString(), ...counts });
    await this.audit.record({ type: 'purge.ran', actorType: 'system', detail: { ...counts } });
    return counts;
  }

  /** Runs one owner's batch delete until a batch deletes fewer rows than a full one. */
  private async inBatches(size: number, batch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await batch();
      total += deleted;
      if (deleted < size) return total;
    }
  }
}
