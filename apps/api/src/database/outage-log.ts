import type { LoggerService } from '@nestjs/common';
import { databaseErrorCode, databaseFault } from './database-errors';

/**
 * How a job that runs every tick tells of its failed passes: a database outage fails every pass,
 * so it is told once as a warning and once more when a pass runs through again (the exception
 * filter and /api/health report it too), instead of an error line a tick; any other failure is
 * an error each time.
 */
export class DatabaseOutageLog {
  /** When the current outage was first seen by a pass (null: none). */
  private since: number | null = null;

  constructor(
    private readonly logger: Pick<LoggerService, 'error' | 'warn' | 'log'>,
    /** The job's name in its lines: "outbox", "webhooks". */
    private readonly job: string,
  ) {}

  /** A pass failed. */
  failed(error: unknown): void {
    const fault = databaseFault(error);
    if (!fault) {
      this.logger.error({ message: `${this.job} pass failed`, error: String(error) });
      return;
    }
    if (this.since !== null) return;
    this.since = Date.now();
    this.logger.warn({
      message: `${this.job} paused: database unavailable`,
      fault,
      code: databaseErrorCode(error),
    });
  }

  /** A pass ran through. */
  succeeded(): void {
    if (this.since === null) return;
    this.logger.log({
      message: `${this.job} resumed: database back`,
      pausedMs: Date.now() - this.since,
    });
    this.since = null;
  }
}
