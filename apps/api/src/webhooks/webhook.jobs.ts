import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { IsNull, LessThan, LessThanOrEqual, Or, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JobLeases } from '../database/job-leases.service';
import { DatabaseOutageLog } from '../database/outage-log';
import { checkUrl, resolveTarget } from './address-guard';
import { signatureHeader } from './signature';
import { WebhookDelivery } from './webhook-delivery.entity';
import { postPinned } from './webhook-sender';
import { WebhooksService } from './webhooks.service';

const FAN_OUT_JOB = 'webhook-fan-out';
const BATCH = 50;
const CONCURRENCY = 8;

/** Wait before retry n (1-based): base × 2^(n-1), capped, with ±25 % jitter (then capped again). */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random = Math.random(),
): number {
  const plain = Math.min(baseMs * 2 ** Math.min(attempt - 1, 40), maxMs);
  return Math.round(Math.min(plain * (0.75 + random * 0.5), maxMs));
}

type Claim = { id: string; token: string };

/**
 * The two webhook jobs (issue 12), ticking every WEBHOOK_POLL_MS on every instance:
 * - fan-out: one instance per tick (job lease) turns new activity events into deliveries;
 * - delivery: every instance sends due deliveries, each claimed by one conditional UPDATE with a
 *   fresh token (as the mail outbox), so no delivery is sent twice in a normal run. A refused or
 *   failed POST is retried with exponential back-off and jitter; after WEBHOOK_MAX_ATTEMPTS the
 *   delivery is marked failed, shown in the delivery log, logged, and can be replayed.
 */
@Injectable()
export class WebhookJobs implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private running: Promise<void> | null = null;
  private stopping = false;
  /** A database outage is told once, not every tick. */
  private readonly outage = new DatabaseOutageLog(this.logger, 'webhooks');

  constructor(
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
    private readonly webhooks: WebhooksService,
    private readonly leases: JobLeases,
    private readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const timer = setInterval(() => void this.tick(), this.config.webhooks.pollMs);
    timer.unref();
    this.scheduler.addInterval('webhooks', timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.scheduler.doesExist('interval', 'webhooks')) this.scheduler.deleteInterval('webhooks');
    await this.running;
  }

  /** One pass (fan-out if this instance holds the tick, then delivery); overlapping ticks skip. */
  tick(): Promise<void> {
    const pass =
      this.running ??
      this.fanOut()
        .then(() => this.deliverDue())
        .then(() => this.outage.succeeded())
        .catch((error: unknown) => this.outage.failed(error))
        .finally(() => (this.running = null));
    this.running = pass;
    return pass;
  }

  /** Fan-out under the job lease: null when another instance holds this tick. */
  async fanOut(): Promise<number | null> {
    // Idle ticks write nothing: the lease is claimed only when there are events to fan out.
    if (!(await this.webhooks.hasEventsToFanOut())) return 0;
    const now = this.clock.now();
    const slot = Math.floor(now.getTime() / this.config.webhooks.pollMs);
    if (!(await this.leases.claim(FAN_OUT_JOB, slot, this.holder, now))) return null;
    return this.webhooks.fanOut();
  }

  /** Sends due deliveries until none is left; returns how many were answered 2xx. */
  async deliverDue(): Promise<number> {
    let delivered = 0;
    while (!this.stopping) {
      const now = this.clock.now();
      const due = await this.deliveries.find({
        select: { id: true },
        where: {
          status: 'pending',
          nextAttemptAt: LessThanOrEqual(now),
          lockedUntil: Or(IsNull(), LessThan(now)),
        },
        order: { nextAttemptAt: 'ASC', id: 'ASC' },
        take: BATCH,
      });
      let claimed = 0;
      const queue = due.map((d) => d.id);
      const lane = async (): Promise<void> => {
        for (let id = queue.shift(); id; id = queue.shift()) {
          if (this.stopping) return;
          const claim = await this.claim(id);
          if (!claim) continue;
          claimed++;
          if (await this.deliver(claim)) delivered++;
        }
      };
      const lanes = await Promise.allSettled(Array.from({ length: CONCURRENCY }, lane));
      const failed = lanes.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      if (due.length < BATCH || claimed === 0) break;
    }
    return delivered;
  }

  private async claim(id: string): Promise<Claim | null> {
    const now = this.clock.now();
    const token = randomUUID();
    const result = await this.deliveries.update(
      {
        id,
        status: 'pending',
        nextAttemptAt: LessThanOrEqual(now),
        lockedUntil: Or(IsNull(), LessThan(now)),
      },
      { lockedBy: token, lockedUntil: new Date(now.getTime() + this.config.webhooks.claimMs) },
    );
    return result.affected === 1 ? { id, token } : null;
  }

  private async deliver(claim: Claim): Promise<boolean> {
    const delivery = await this.deliveries.findOneBy({ id: claim.id, lockedBy: claim.token });
    if (!delivery) return false;
    const endpoint = (await this.webhooks.endpointsFor([delivery.endpointId])).get(
      delivery.endpointId,
    );
    if (!endpoint || !endpoint.active) {
      await this.finish(claim, delivery, {
        ok: false,
        error: 'The endpoint is inactive or removed.',
        statusCode: null,
        final: true,
      });
      return false;
    }
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const rules = { allowLocal: this.config.webhooks.allowLocal };
      const url = checkUrl(endpoint.url, rules);
      const [address] = await resolveTarget(url, rules);
      const t = Math.floor(this.clock.now().getTime() / 1000);
      const result = await postPinned(
        url,
        address,
        {
          'Content-Type': 'application/json',
          'User-Agent': 'ClientPortal-Webhooks/1',
          'X-Portal-Event': delivery.eventType,
          'X-Portal-Delivery': delivery.id,
          'X-Portal-Signature': signatureHeader(endpoint.secret, t, delivery.payload),
        },
        delivery.payload,
        this.config.webhooks.timeoutMs,
      );
      statusCode = result.statusCode;
      if (statusCode < 200 || statusCode >= 300) error = `The endpoint answered ${statusCode}.`;
    } catch (e) {
      const message = (e as { message?: unknown } | null)?.message;
      error = (typeof message === 'string' ? message : String(e)).slice(0, 500);
    }
    await this.finish(claim, delivery, { ok: error === null, error, statusCode, final: false });
    return error === null;
  }

  private async finish(
    claim: Claim,
    delivery: WebhookDelivery,
    outcome: { ok: boolean; error: string | null; statusCode: number | null; final: boolean },
  ): Promise<void> {
    const now = this.clock.now();
    const attempts = delivery.attempts + 1;
    const { maxAttempts, retryBaseMs, retryMaxMs } = this.config.webhooks;
    const failed = !outcome.ok && (outcome.final || attempts >= maxAttempts);
    await this.deliveries.update(
      { id: claim.id, lockedBy: claim.token, status: 'pending' },
      {
        attempts,
        status: outcome.ok ? 'delivered' : failed ? 'failed' : 'pending',
        deliveredAt: outcome.ok ? now : null,
        lastStatusCode: outcome.statusCode,
        lastError: outcome.error,
        nextAttemptAt:
          outcome.ok || failed
            ? now
            : new Date(now.getTime() + retryDelayMs(attempts, retryBaseMs, retryMaxMs)),
        lockedBy: null,
        lockedUntil: null,
      },
    );
    if (outcome.ok) {
      this.logger.log({ message: 'webhook delivered', deliveryId: delivery.id, attempts });
    } else {
      this.logger.warn({
        message: failed
          ? 'webhook delivery failed; replay it from the delivery log'
          : 'webhook will be retried',
        deliveryId: delivery.id,
        endpointId: delivery.endpointId,
        attempts,
        statusCode: outcome.statusCode,
        error: outcome.error,
      });
    }
  }
}
