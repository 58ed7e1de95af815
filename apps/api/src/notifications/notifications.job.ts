import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JobLeases } from '../database/job-leases.service';
import { LeasedInterval } from '../database/leased-interval';
import { NotificationsService, type NotifyRunCounts } from './notifications.service';

const JOB = 'staff-notifications';

/**
 * Every STAFF_NOTIFY_POLL_MS each instance ticks; one instance claims the tick (job lease) and
 * turns new client activity into notices and due notices into mail (NotificationsService).
 */
@Injectable()
export class NotificationsJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('StaffNotifyJob');
  private readonly interval: LeasedInterval;

  constructor(
    leases: JobLeases,
    private readonly notifications: NotificationsService,
    scheduler: SchedulerRegistry,
    clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.interval = new LeasedInterval({
      name: JOB,
      everyMs: config.staffNotify.pollMs,
      leases,
      clock,
      scheduler,
      logger: this.logger,
      failureMessage: 'staff notification tick failed',
    });
  }

  onApplicationBootstrap(): void {
    this.interval.start(() => this.tick());
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.interval.stop();
  }

  /** The scheduled entry point: null when there is nothing to do (no claim) or another instance claimed this tick. */
  tick(): Promise<NotifyRunCounts | null> {
    // A pass slower than the poll interval would otherwise run beside the next one on this
    // instance (the lease is per tick slot, so it does not stop that): skip while one runs.
    return this.interval.exclusive(async () => {
      if (!(await this.notifications.hasWork())) return null;
      if (!(await this.interval.claim())) return null;
      return this.notifications.run();
    });
  }
}
