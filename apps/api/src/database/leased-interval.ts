import type { Logger } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../common/clock';
import type { JobLeases } from './job-leases.service';

export interface LeasedIntervalOptions {
  /** The job's name: its job_leases row and its scheduler interval. */
  name: string;
  /** How often every instance ticks; one tick slot is this long. */
  everyMs: number;
  leases: JobLeases;
  clock: Clock;
  /** null: no timer (e.g. `npm run purge`, which builds no ScheduleModule). */
  scheduler: SchedulerRegistry | null;
  logger: Logger;
  /** The log line of a tick that threw. */
  failureMessage: string;
}

/**
 * The skeleton every leased interval job shares (issue 12): each instance ticks every `everyMs`
 * (an unref'd timer registered with the scheduler, so shutdown can stop it), a tick that throws
 * is logged and the timer goes on, shutdown waits for a tick in flight, one instance per tick
 * slot claims the job lease, and `exclusive` keeps a slow pass from overlapping the next tick on
 * the same instance. The job keeps what is its own: when it has work and what a pass does.
 */
export class LeasedInterval {
  /** This instance, as the job lease records it. */
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private running: Promise<unknown> = Promise.resolve();
  private busy = false;

  constructor(private readonly options: LeasedIntervalOptions) {}

  /** Starts the timer (nothing without a scheduler). */
  start(tick: () => Promise<unknown>): void {
    const { scheduler, name, everyMs, logger, failureMessage } = this.options;
    if (!scheduler) return;
    const timer = setInterval(() => {
      this.running = tick().catch((error: unknown) =>
        logger.error({ message: failureMessage, error: String(error) }),
      );
    }, everyMs);
    timer.unref();
    scheduler.addInterval(name, timer);
  }

  /** Stops the timer and waits for a tick in flight. */
  async stop(): Promise<void> {
    const { scheduler, name } = this.options;
    if (scheduler?.doesExist('interval', name)) scheduler.deleteInterval(name);
    await this.running;
  }

  /** Claims the current tick slot for this instance; false: another instance has it. */
  claim(): Promise<boolean> {
    const { clock, everyMs, leases, name } = this.options;
    const now = clock.now();
    return leases.claim(name, Math.floor(now.getTime() / everyMs), this.holder, now);
  }

  /** Runs the pass unless one is still running on this instance (then null: no overlap). */
  async exclusive<T>(pass: () => Promise<T | null>): Promise<T | null> {
    if (this.busy) return null;
    this.busy = true;
    try {
      return await pass();
    } finally {
      this.busy = false;
    }
  }
}
