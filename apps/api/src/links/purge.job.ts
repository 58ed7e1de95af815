import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource, EntityTarget, FindOptionsWhere, In, LessThan, ObjectLiteral } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JobLeases } from '../database/job-leases.service';
import { Transactor } from '../database/transactor';
import { DeviceGrant } from '../devices/device-grant.entity';
import { Session } from '../staff/session.entity';
import { Link } from './link.entity';

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
 * expired sessions — in batches of at most PURGE_BATCH_SIZE (≤ 1,000) rows, and each tick on one
 * instance only. `npm run purge` and POST /api/admin/maintenance/purge run it by hand.
 */
@Injectable()
export class PurgeJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Purge');
  private readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly leases: JobLeases,
    private readonly transactor: Transactor,
    private readonly audit: AuditService,
    private readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const timer = setInterval(() => {
      this.running = this.tick().catch((error: unknown) =>
        this.logger.error({ message: 'purge tick failed', error: String(error) }),
      );
    }, this.intervalMs());
    timer.unref();
    this.scheduler.addInterval(JOB, timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', JOB)) this.scheduler.deleteInterval(JOB);
    await this.running;
  }

  /** The scheduled entry point: runs only if this instance claims the current tick. */
  async tick(): Promise<PurgeCounts | null> {
    const now = this.clock.now();
    const slot = Math.floor(now.getTime() / this.intervalMs());
    if (!(await this.leases.claim(JOB, slot, this.holder, now))) return null;
    return this.purge();
  }

  /** One full pass, batch after batch, until nothing eligible is left. */
  async purge(): Promise<PurgeCounts> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - this.config.links.retentionDays * DAY_MS);
    const counts: PurgeCounts = {
      // Grants first: they reference the links about to go.
      deviceGrants:
        (await this.deleteInBatches(DeviceGrant, { expiresAt: LessThan(cutoff) })) +
        (await this.deleteInBatches(DeviceGrant, { revokedAt: LessThan(cutoff) })),
      links: await this.deleteLinks(cutoff),
      sessions: await this.deleteInBatches(Session, { expiresAt: LessThan(now) }),
    };
    this.logger.log({ message: 'purge finished', cutoff: cutoff.toISOString(), ...counts });
    await this.audit.record({ type: 'purge.ran', actorType: 'system', detail: { ...counts } });
    return counts;
  }

  private async deleteLinks(cutoff: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = await this.ids(Link, { expiresAt: LessThan(cutoff) });
      if (batch.length === 0) return total;
      await this.transactor.run(async (manager) => {
        await manager.delete(DeviceGrant, { linkId: In(batch) });
        total += (await manager.delete(Link, { id: In(batch) })).affected ?? 0;
      });
      if (batch.length < this.config.links.purgeBatchSize) return total;
    }
  }

  private async deleteInBatches<T extends ObjectLiteral & { id: string }>(
    entity: EntityTarget<T>,
    where: FindOptionsWhere<T>,
  ): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = await this.ids(entity, where);
      if (batch.length === 0) return total;
      const result = await this.dataSource
        .getRepository(entity)
        .delete({ id: In(batch) } as FindOptionsWhere<T>);
      total += result.affected ?? 0;
      if (batch.length < this.config.links.purgeBatchSize) return total;
    }
  }

  private async ids<T extends ObjectLiteral & { id: string }>(
    entity: EntityTarget<T>,
    where: FindOptionsWhere<T>,
  ): Promise<string[]> {
    const rows = await this.dataSource.getRepository(entity).find({
      select: { id: true } as never,
      where,
      take: this.config.links.purgeBatchSize,
    });
    return rows.map((row) => row.id);
  }

  private intervalMs(): number {
    return this.config.links.purgeIntervalMinutes * 60_000;
  }
}
