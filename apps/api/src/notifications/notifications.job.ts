import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JobLeases } from '../database/job-leases.service';
import { NotificationsService, type NotifyRunCounts } from './notifications.service';

const JOB = 'staff-notifications';

/**
 * Every STAFF_NOTIFY_POLL_MS each instance ticks; one instance claims the tick (job lease) and
 * turns new client activity into notices and due notices into mail (NotificationsService).
 */
@Injectable()
export class NotificationsJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('StaffNotifyJob');
  private readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private running: Promise<unknown> = Promise.resolve();
  /** A pass in flight on this instance: a tick that fires meanwhile skips (no overlap). */
  private busy = false;

  constructor(
    private readonly leases: JobLeases,
    private readonly notifications: NotificationsService,
    private readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const timer = setInterval(() => {
      this.running = this.tick().catch((error: unknown) =>
        this.logger.error({ message: 'staff notification tick failed', error: String(error) }),
      );
    }, this.config.staffNotify.pollMs);
    timer.unref();
    this.scheduler.addInterval(JOB, timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', JOB)) this.scheduler.deleteInterval(JOB);
    await this.running;
  }

  /** The scheduled entry point: null when there is nothing to do (no claim) or another instance claimed this tick. */
  async tick(): Promise<NotifyRunCounts | null> {
    // A pass slower than the poll interval would otherwise run beside the next one on this
    // instance (the lease is per tick slot, so it does not stop that): skip while one runs.
    if (this.busy) return null;
    this.busy = true;
    try {
      if (!(await this.notifications.hasWork())) return null;
      const now = this.clock.now();
      const slot = Math.floor(now.getTime() / this.config.staffNotify.pollMs);
      if (!(await this.leases.claim(JOB, slot, this.holder, now))) return null;
      return await this.notifications.run();
    } finally {
      this.busy = false;
    }
  }
}
