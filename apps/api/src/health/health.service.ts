import { Inject, Injectable } from '@nestjs/common';
import type * as Nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import type { HealthDetails, HealthResponse, OutboxHealth } from '@app/contracts';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { OutboxWorker } from '../mail/outbox.worker';
import { smtpOptions } from '../mail/smtp-options';

const SMTP_CHECK_TTL_MS = 30_000;
const ERROR_TEXT_MAX = 300;

interface Probe {
  ok: boolean;
  error?: string;
}

/**
 * Readiness: the database and the mail transport are usable (the SMTP check is cached for 30 s).
 * Anyone learns only up or down per component; staff also get the details (driver, transport,
 * the error text, and the outbox: pending mail, the oldest one's age, how many are stale).
 */
@Injectable()
export class HealthService {
  private smtpCheck: (Probe & { at: number }) | null = null;
  private readonly smtp: Transporter | null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxWorker,
    private readonly clock: Clock,
  ) {
    const transport = config.mail.transport;
    // nodemailer only with SMTP: the embedded default never loads it at start-up (issue 11).
    this.smtp =
      transport.kind === 'smtp'
        ? // eslint-disable-next-line @typescript-eslint/no-require-imports
          (require('nodemailer') as typeof Nodemailer).createTransport(
            smtpOptions(config.mail, transport.url),
          )
        : null;
  }

  /** The answer; `isStaff` is asked only when the database is up (details need it). */
  async check(isStaff: () => Promise<boolean>): Promise<HealthResponse> {
    const [database, mail] = await Promise.all([this.database(), this.mail()]);
    const ok = database.ok && mail.ok;
    const body: HealthResponse = {
      status: ok ? 'ok' : 'degraded',
      database: { ok: database.ok },
      mail: { ok: mail.ok },
      time: this.clock.now().toISOString(),
    };
    if (database.ok && (await isStaff())) {
      body.details = await this.details(database, mail);
    }
    return body;
  }

  private async details(database: Probe, mail: Probe): Promise<HealthDetails> {
    let outbox: OutboxHealth | null = null;
    try {
      outbox = await this.outbox.stats();
    } catch {
      // the database check says why
    }
    return {
      database: {
        driver: this.config.database.driver,
        ...(database.error ? { error: database.error } : {}),
      },
      mail: {
        transport: this.config.mail.transport.kind,
        ...(mail.error ? { error: mail.error } : {}),
        outbox,
      },
    };
  }

  private async database(): Promise<Probe> {
    try {
      await this.dataSource.query('SELECT 1');
      return { ok: true };
    } catch (error) {
      return { ok: false, error: errorText(error) };
    }
  }

  private async mail(): Promise<Probe> {
    if (!this.smtp) return { ok: true };
    const now = Date.now();
    if (!this.smtpCheck || now - this.smtpCheck.at > SMTP_CHECK_TTL_MS) {
      try {
        await this.smtp.verify();
        this.smtpCheck = { at: now, ok: true };
      } catch (error) {
        this.smtpCheck = { at: now, ok: false, error: errorText(error) };
      }
    }
    const { ok, error } = this.smtpCheck;
    return error ? { ok, error } : { ok };
  }
}

function errorText(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return (typeof message === 'string' && message ? message : 'unreachable').slice(
    0,
    ERROR_TEXT_MAX,
  );
}
