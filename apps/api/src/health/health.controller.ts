import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createTransport, type Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import type { HealthDetails, HealthResponse, OutboxHealth } from '@app/contracts';
import { Public } from '../auth/decorators';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { OutboxWorker } from '../mail/outbox.worker';
import { smtpOptions } from '../mail/smtp-options';
import { StaffSessionsService } from '../staff/staff-sessions.service';

const SMTP_CHECK_TTL_MS = 30_000;
const ERROR_TEXT_MAX = 300;
/** What a load balancer or monitor is told to wait before asking again while degraded. */
const RETRY_AFTER_SECONDS = 5;

interface Probe {
  ok: boolean;
  error?: string;
}

/**
 * Readiness: 200 when the database and the mail transport are usable, else 503. Anyone learns
 * only up or down per component; a staff bearer also gets the details (driver, transport, the
 * error text, and the outbox: pending mail, the oldest one's age, how many are stale).
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  private smtpCheck: (Probe & { at: number }) | null = null;
  private readonly smtp: Transporter | null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxWorker,
    private readonly staffSessions: StaffSessionsService,
    private readonly clock: Clock,
  ) {
    const transport = config.mail.transport;
    this.smtp =
      transport.kind === 'smtp' ? createTransport(smtpOptions(config.mail, transport.url)) : null;
  }

  @Get()
  @ApiOperation({
    summary: 'Readiness of the database and the mail transport.',
    description:
      'Anonymous callers get up/down per component. With a staff bearer token the answer adds ' +
      '`details`: database driver, mail transport, error text, and the outbox (pending, oldest ' +
      'pending age, stale count).',
  })
  @ApiOkResponse({ description: 'Everything is ready.' })
  @ApiServiceUnavailableResponse({
    description: 'The database or the mail transport is not ready.',
  })
  async check(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<HealthResponse> {
    const [database, mail] = await Promise.all([this.database(), this.mail()]);
    const ok = database.ok && mail.ok;
    response.status(ok ? 200 : 503).setHeader('Cache-Control', 'no-store');
    if (!ok) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    const body: HealthResponse = {
      status: ok ? 'ok' : 'degraded',
      database: { ok: database.ok },
      mail: { ok: mail.ok },
      time: this.clock.now().toISOString(),
    };
    if (database.ok && (await this.isStaff(request))) {
      body.details = await this.details(database, mail);
    }
    return body;
  }

  private async isStaff(request: Request): Promise<boolean> {
    try {
      return (await this.staffSessions.authenticate(request)) !== null;
    } catch {
      return false;
    }
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
