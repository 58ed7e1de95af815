import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { MailerService } from '@nestjs-modules/mailer';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { IsNull, LessThan, LessThanOrEqual, Or, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailTemplateName, renderMail } from './mail-templates';
import { MailService } from './mail.service';
import { OutboxMessage } from './outbox-message.entity';

const CLAIM_MS = 2 * 60 * 1000;
const BATCH = 20;

/** Wait before retry n (1-based): base, 2×base, 4×base, … capped at 15 minutes. */
export function backoffMs(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** (attempt - 1), 15 * 60 * 1000);
}

/**
 * Delivers the outbox. Each message is claimed by one conditional UPDATE, so any number of
 * instances never send it twice in a normal run; a crash after sending and before marking it
 * sent lets the claim lapse, and it is sent again (twice, never lost).
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private readonly instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private running: Promise<void> | null = null;

  constructor(
    @InjectRepository(OutboxMessage) private readonly outbox: Repository<OutboxMessage>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mailer: MailerService,
    private readonly mail: MailService,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const timer = setInterval(() => void this.tick(), this.config.mail.pollMs);
    timer.unref();
    this.scheduler.addInterval('mail-outbox', timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', 'mail-outbox'))
      this.scheduler.deleteInterval('mail-outbox');
    await this.running;
  }

  /** One pass; overlapping ticks are skipped. */
  tick(): Promise<void> {
    const pass =
      this.running ??
      this.deliverDue()
        .then(() => undefined)
        .catch((error: unknown) =>
          this.logger.error({ message: 'outbox pass failed', error: String(error) }),
        )
        .finally(() => (this.running = null));
    this.running = pass;
    return pass;
  }

  async deliverDue(): Promise<number> {
    const now = this.clock.now();
    const due = await this.outbox.find({
      select: { id: true },
      where: {
        status: 'pending',
        nextAttemptAt: LessThanOrEqual(now),
        lockedUntil: Or(IsNull(), LessThan(now)),
      },
      order: { createdAt: 'ASC' },
      take: BATCH,
    });
    let sent = 0;
    for (const { id } of due) {
      if (await this.claim(id, now)) sent += (await this.deliver(id)) ? 1 : 0;
    }
    return sent;
  }

  private async claim(id: string, now: Date): Promise<boolean> {
    const result = await this.outbox.update(
      { id, status: 'pending', lockedUntil: Or(IsNull(), LessThan(now)) },
      { lockedBy: this.instanceId, lockedUntil: new Date(now.getTime() + CLAIM_MS) },
    );
    return result.affected === 1;
  }

  private async deliver(id: string): Promise<boolean> {
    const message = await this.outbox.findOneByOrFail({ id, lockedBy: this.instanceId });
    try {
      const data = JSON.parse(this.mail.sealer.open(message.sealedPayload ?? '')) as Record<
        string,
        unknown
      >;
      const rendered = renderMail(message.template as MailTemplateName, data);
      await this.mailer.sendMail({ to: message.toAddress, ...rendered });
      await this.outbox.update(
        { id, lockedBy: this.instanceId },
        {
          status: 'sent',
          sentAt: this.clock.now(),
          sealedPayload: null,
          lockedBy: null,
          lockedUntil: null,
          attempts: message.attempts + 1,
        },
      );
      this.logger.log({ message: 'mail sent', outboxId: id, template: message.template });
      return true;
    } catch (error) {
      const attempts = message.attempts + 1;
      const failed = attempts >= this.config.mail.maxAttempts;
      await this.outbox.update(
        { id, lockedBy: this.instanceId },
        {
          attempts,
          status: failed ? 'failed' : 'pending',
          sealedPayload: failed ? null : message.sealedPayload,
          nextAttemptAt: new Date(
            this.clock.now().getTime() + backoffMs(attempts, this.config.mail.retryBaseMs),
          ),
          lastError: String(error instanceof Error ? error.message : error).slice(0, 500),
          lockedBy: null,
          lockedUntil: null,
        },
      );
      this.logger.warn({
        message: failed ? 'mail gave up' : 'mail will be retried',
        outboxId: id,
        attempts,
        error: String(error),
      });
      return false;
    }
  }
}
