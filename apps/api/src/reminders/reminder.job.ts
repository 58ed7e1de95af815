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
import { isWithinBusinessHours } from '../common/firm-time';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JobLeases } from '../database/job-leases.service';
import { RemindersService, type DigestRunCounts } from './reminders.service';

const JOB = 'reminder-digests';

/**
 * Every REMINDER_INTERVAL_MINUTES each instance ticks; within the firm's business hours (its
 * time zone and days) one instance claims the tick (job lease) and runs the day's digests for
 * every client not yet looked at today. The unique (client, date) row makes a second run that
 * day, on any instance, send nothing more.
 */
@Injectable()
export class ReminderJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ReminderJob');
  private readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly leases: JobLeases,
    private readonly reminders: RemindersService,
    private readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.reminders.enabled) return;
    const timer = setInterval(() => {
      this.running = this.tick().catch((error: unknown) =>
        this.logger.error({ message: 'reminder tick failed', error: String(error) }),
      );
    }, this.intervalMs());
    timer.unref();
    this.scheduler.addInterval(JOB, timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', JOB)) this.scheduler.deleteInterval(JOB);
    await this.running;
  }

  /**
   * The scheduled entry point: null outside business hours, when reminders are off, or when
   * another instance claimed this tick.
   */
  async tick(): Promise<DigestRunCounts | null> {
    if (!this.config.reminders.enabled) return null;
    const now = this.clock.now();
    if (!isWithinBusinessHours(now, this.config.firm)) return null;
    const slot = Math.floor(now.getTime() / this.intervalMs());
    if (!(await this.leases.claim(JOB, slot, this.holder, now))) return null;
    return this.reminders.runDigests();
  }

  private intervalMs(): number {
    return this.config.reminders.intervalMinutes * 60_000;
  }
}
