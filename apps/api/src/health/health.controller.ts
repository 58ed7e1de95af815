import { Controller, Get, Inject, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { MailerService } from '@nestjs-modules/mailer';
import type { Response } from 'express';
import { DataSource, Repository } from 'typeorm';
import type { HealthResponse } from '@app/contracts';
import { Public } from '../common/auth/decorators';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { OutboxMessage } from '../mail/outbox-message.entity';

const SMTP_CHECK_TTL_MS = 30_000;

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  private smtpCheck: { at: number; ok: boolean; detail?: string } | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(OutboxMessage) private readonly outbox: Repository<OutboxMessage>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mailer: MailerService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Readiness of the database and the mail transport.' })
  @ApiOkResponse({ description: 'Everything is ready.' })
  @ApiServiceUnavailableResponse({
    description: 'The database or the mail transport is not ready.',
  })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthResponse> {
    const database = await this.database();
    const mail = await this.mail();
    const ok = database.ok && mail.ok;
    response.status(ok ? 200 : 503).setHeader('Cache-Control', 'no-store');
    return { status: ok ? 'ok' : 'degraded', database, mail, time: this.clock.now().toISOString() };
  }

  private async database(): Promise<HealthResponse['database']> {
    const driver = this.config.database.driver;
    try {
      await this.dataSource.query('SELECT 1');
      return { ok: true, driver };
    } catch (error) {
      return { ok: false, driver, detail: error instanceof Error ? error.message : 'unreachable' };
    }
  }

  private async mail(): Promise<HealthResponse['mail']> {
    const transport = this.config.mail.transport.kind;
    let pending = 0;
    try {
      pending = await this.outbox.countBy({ status: 'pending' });
    } catch {
      // reported by the database check
    }
    if (transport === 'file') return { ok: true, transport, pending };
    const now = Date.now();
    if (!this.smtpCheck || now - this.smtpCheck.at > SMTP_CHECK_TTL_MS) {
      try {
        this.smtpCheck = { at: now, ok: await this.mailer.verifyAllTransporters() };
      } catch (error) {
        this.smtpCheck = {
          at: now,
          ok: false,
          detail: error instanceof Error ? error.message : 'unreachable',
        };
      }
    }
    return {
      ok: this.smtpCheck.ok,
      transport,
      pending,
      ...(this.smtpCheck.detail ? { detail: this.smtpCheck.detail } : {}),
    };
  }
}
