import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock } from '../common/clock';
import { isWithinBusinessHours } from '../common/firm-time';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JobLeases } from '../database/job-leases.service';
import { LeasedInterval } from '../database/leased-interval';
import { RemindersService, type DigestRunCounts } from './reminders.service';

const JOB = 'reminder-digests';

/**
 * Every REMINDER_INTERVAL_MINUTES (or _SECONDS) each instance ticks; within the firm's business
 * hours (its time zone and days) one instance claims the tick (job lease) and runs the day's
 * digests for every client not yet looked at today. The unique (client, date) row makes a second
 * run that day, on any instance, send nothing more.
 */
@Injectable()
export class ReminderJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ReminderJob');
  private readonly interval: LeasedInterval;

  constructor(
    leases: JobLeases,
    private readonly reminders: RemindersService,
    scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.interval = new LeasedInterval({
      name: JOB,
      everyMs: config.reminders.intervalMs,
      leases,
      clock,
      scheduler,
      logger: this.logger,
      failureMessage: 'reminder tick failed',
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.reminders.enabled) this.interval.start(() => this.tick());
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.interval.stop();
  }

  /**
   * The scheduled entry point: null outside business hours, when reminders are off, or when
   * another instance claimed this tick.
   */
  async tick(): Promise<DigestRunCounts | null> {
    if (!this.config.reminders.enabled) return null;
    if (!isWithinBusinessHours(this.clock.now(), this.config.firm)) return null;
    if (!(await this.interval.claim())) return null;
    return this.reminders.runDigests();
  }
}
