import {
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, FindOptionsWhere, In, Not, Repository } from 'typeorm';
import type {
  CreatedWebhookView,
  Page,
  WebhookDeliveryView,
  WebhookEndpointView,
  WebhookEventType,
  WebhookPayload,
} from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { Sealer } from '../common/crypto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { newId } from '../database/columns';
import { isUniqueViolation } from '../database/database-errors';
import { Transactor } from '../database/transactor';
import { ActivityEvent } from '../events/activity-event.entity';
import { ActivityService, AlreadyHandled, detailOf } from '../events/activity.service';
import { checkUrl, resolveTarget, Resolver, systemResolver, TargetRefused } from './address-guard';
import type { CreateWebhookDto, DeliveriesQueryDto, UpdateWebhookDto } from './dto/webhook.dto';
import { newWebhookSecret } from './signature';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';

/** What a secret is sealed to: its endpoint row. */
export const secretContext = (endpointId: string): string => `webhook-secret\u0000${endpointId}`;

/**
 * What the audit trail keeps of an endpoint: the URL's host (never its path or query, which may
 * carry a receiver's key), the events and whether it is active; never the secret.
 */
function auditDetail(endpoint: Pick<WebhookEndpoint, 'url' | 'events' | 'active'>): {
  host: string;
  events: string;
  active: boolean;
} {
  let host = '';
  try {
    host = new URL(endpoint.url).host;
  } catch {
    host = '';
  }
  return { host, events: endpoint.events, active: endpoint.active };
}

/** Events one fan-out pass reads at most. */
const FAN_OUT_BATCH = 200;

/**
 * Webhook endpoints, their deliveries (the webhook outbox) and the fan-out from the activity
 * events (issue 12). Owns `webhook_endpoints` and `webhook_deliveries`.
 */
@Injectable()
export class WebhooksService {
  readonly sealer: Sealer;
  readonly resolver: Resolver = systemResolver;

  constructor(
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly activity: ActivityService,
    private readonly transactor: Transactor,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {
    this.sealer = new Sealer(config.appSecret);
  }

  // ---- endpoints (admin API) ----

  async create(body: CreateWebhookDto, staffId: string): Promise<CreatedWebhookView> {
    await this.checkTarget(body.url);
    const now = this.clock.now();
    const id = newId();
    const secret = newWebhookSecret();
    const endpoint: WebhookEndpoint = {
      id,
      url: body.url,
      events: body.events.join(','),
      sealedSecret: this.sealer.seal(secret, secretContext(id)),
      active: body.active ?? true,
      activeSince: (body.active ?? true) ? now : null,
      description: body.description || null,
      createdBy: staffId,
      createdAt: now,
      updatedAt: now,
    };
    await this.transactor.run(async (manager) => {
      await manager.insert(WebhookEndpoint, endpoint);
      await this.audit.record(
        {
          type: 'webhook.created',
          actorType: 'staff',
          actorId: staffId,
          subjectId: id,
          detail: auditDetail(endpoint),
        },
        manager,
      );
    });
    return { ...toEndpointView(endpoint), secret };
  }

  async list(): Promise<WebhookEndpointView[]> {
    const rows = await this.endpoints.find({ order: { createdAt: 'ASC', id: 'ASC' }, take: 500 });
    return rows.map(toEndpointView);
  }

  async get(id: string): Promise<WebhookEndpointView> {
    return toEndpointView(await this.endpoint(id));
  }

  async update(id: string, body: UpdateWebhookDto, staffId: string): Promise<WebhookEndpointView> {
    const endpoint = await this.endpoint(id);
    if (body.url !== undefined && body.url !== endpoint.url) await this.checkTarget(body.url);
    const now = this.clock.now();
    const changes: Partial<WebhookEndpoint> = { updatedAt: now };
    if (body.url !== undefined) changes.url = body.url;
    if (body.events !== undefined) changes.events = body.events.join(',');
    if (body.active !== undefined && body.active !== endpoint.active) {
      // Resumed, it hears what happens from now on; paused, nothing.
      changes.active = body.active;
      changes.activeSince = body.active ? now : null;
    }
    if (body.description !== undefined) changes.description = body.description || null;
    const updated = { ...endpoint, ...changes };
    await this.transactor.run(async (manager) => {
      await manager.update(WebhookEndpoint, { id }, changes);
      await this.audit.record(
        {
          type: 'webhook.updated',
          actorType: 'staff',
          actorId: staffId,
          subjectId: id,
          detail: { ...auditDetail(updated), changed: Object.keys(body).sort().join(',') },
        },
        manager,
      );
    });
    return toEndpointView(updated);
  }

  /** Removes the endpoint and its delivery log. */
  async remove(id: string, staffId: string): Promise<void> {
    const endpoint = await this.endpoint(id);
    await this.transactor.run(async (manager) => {
      await manager.delete(WebhookDelivery, { endpointId: id });
      await manager.delete(WebhookEndpoint, { id });
      await this.audit.record(
        {
          type: 'webhook.removed',
          actorType: 'staff',
          actorId: staffId,
          subjectId: id,
          detail: auditDetail(endpoint),
        },
        manager,
      );
    });
  }

  async deliveryLog(
    endpointId: string,
    query: DeliveriesQueryDto,
  ): Promise<Page<WebhookDeliveryView>> {
    await this.endpoint(endpointId);
    const where: FindOptionsWhere<WebhookDelivery> = { endpointId };
    if (query.status) where.status = query.status;
    const [rows, total] = await this.deliveries.findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return { items: rows.map(toDeliveryView), total, limit: query.limit, offset: query.offset };
  }

  /** Sends a delivered or failed delivery again, as it was (same id, same body, fresh signature). */
  async replay(endpointId: string, deliveryId: string): Promise<WebhookDeliveryView> {
    await this.endpoint(endpointId);
    const now = this.clock.now();
    const result = await this.deliveries.update(
      { id: deliveryId, endpointId, status: Not('pending') },
      {
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        lockedBy: null,
        lockedUntil: null,
        deliveredAt: null,
      },
    );
    const row = await this.deliveries.findOneBy({ id: deliveryId, endpointId });
    if (!row)
      throw new NotFoundException({
        error: 'not_found',
        message: 'No such delivery for this endpoint.',
      });
    if (result.affected !== 1) {
      throw new ConflictException({
        error: 'delivery_pending',
        message: 'This delivery is still queued; it will be sent without a replay.',
      });
    }
    return toDeliveryView(row);
  }

  /** The URL rules and, unless local targets are allowed, every address the host resolves to. */
  async checkTarget(raw: string): Promise<void> {
    try {
      const rules = { allowLocal: this.config.webhooks.allowLocal };
      await resolveTarget(checkUrl(raw, rules), rules, this.resolver);
    } catch (error) {
      if (!(error instanceof TargetRefused)) throw error;
      throw new UnprocessableEntityException({
        error: 'webhook_url_refused',
        message: error.message,
        fields: { url: [error.message] },
      });
    }
  }

  private async endpoint(id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoints.findOneBy({ id });
    if (!endpoint) {
      throw new NotFoundException({ error: 'not_found', message: 'No such webhook endpoint.' });
    }
    return endpoint;
  }

  // ---- fan-out (WebhookJobs, under a job lease) ----

  /**
   * Queues one delivery per active subscribed endpoint for each activity event not yet fanned
   * out, marking the events in the same transaction. Returns the deliveries queued.
   *
   * Only events no older than the earliest active endpoint's time are read: an endpoint hears
   * what happens while it is active (hears()), so while none is, there is nothing to read or
   * mark, and the events of that time stay unmarked until the purge takes them (issue 11: reading
   * and marking every event with nobody listening cost redeem a tenth of its database time).
   */
  async fanOut(): Promise<number> {
    let queued = 0;
    let after: ActivityEvent | undefined;
    for (;;) {
      const endpoints = await this.endpoints.findBy({ active: true });
      if (endpoints.length === 0) return queued;
      const events = await this.activity.unhandled('fan-out', FAN_OUT_BATCH, {
        since: earliest(endpoints),
        after,
      });
      if (events.length === 0) return queued;
      after = events[events.length - 1];
      try {
        queued += await this.transactor.run(async (manager) => {
          let count = 0;
          for (const event of events) {
            for (const endpoint of endpoints) {
              if (!hears(endpoint, event)) continue;
              await this.queue(manager, endpoint, event);
              count++;
            }
          }
          await this.activity.markHandled(
            manager,
            'fan-out',
            events.map((e) => e.id),
            this.clock.now(),
          );
          return count;
        });
      } catch (error) {
        // A pass of an earlier tick still running got there first (unique key or the marks).
        if (error instanceof AlreadyHandled || isUniqueViolation(error)) return queued;
        throw error;
      }
      if (events.length < FAN_OUT_BATCH) return queued;
    }
  }

  /** Whether an endpoint is active and an event of its time is not fanned out yet. */
  async hasEventsToFanOut(): Promise<boolean> {
    const endpoints = await this.endpoints.findBy({ active: true });
    if (endpoints.length === 0) return false;
    return (await this.activity.unhandled('fan-out', 1, { since: earliest(endpoints) })).length > 0;
  }

  private async queue(
    manager: EntityManager,
    endpoint: WebhookEndpoint,
    event: ActivityEvent,
  ): Promise<void> {
    const now = this.clock.now();
    await manager.insert(WebhookDelivery, {
      id: newId(),
      endpointId: endpoint.id,
      eventId: event.id,
      eventType: event.type,
      payload: JSON.stringify(payloadOf(event)),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      lockedUntil: null,
      lockedBy: null,
      lastError: null,
      lastStatusCode: null,
      createdAt: now,
      deliveredAt: null,
    });
  }

  /** Endpoints by id, with their secrets opened (the delivery worker signs with them). */
  async endpointsFor(ids: string[]): Promise<Map<string, WebhookEndpoint & { secret: string }>> {
    const rows = ids.length ? await this.endpoints.findBy({ id: In(ids) }) : [];
    return new Map(
      rows.map((e) => [
        e.id,
        { ...e, secret: this.sealer.open(e.sealedSecret, secretContext(e.id)) },
      ]),
    );
  }
}

/** When an active endpoint's time began: created active, or last resumed. */
function activeSince(endpoint: WebhookEndpoint): Date {
  return endpoint.activeSince ?? endpoint.createdAt;
}

/** The earliest time any of these (active) endpoints hears of. */
function earliest(endpoints: WebhookEndpoint[]): Date {
  return new Date(Math.min(...endpoints.map((e) => activeSince(e).getTime())));
}

/** An active endpoint hears of the events it subscribes to that happen while it is active. */
function hears(endpoint: WebhookEndpoint, event: ActivityEvent): boolean {
  return (
    endpoint.events.split(',').includes(event.type) &&
    event.createdAt.getTime() >= activeSince(endpoint).getTime()
  );
}

export function payloadOf(event: ActivityEvent): WebhookPayload {
  return {
    id: event.id,
    type: event.type,
    occurredAt: event.createdAt.toISOString(),
    data: {
      ...detailOf(event),
      clientId: event.clientId,
      taskId: event.taskId,
      dispatchId: event.dispatchId,
      subjectId: event.subjectId,
      actor: event.actorType,
    },
  };
}

function toEndpointView(e: WebhookEndpoint): WebhookEndpointView {
  return {
    id: e.id,
    url: e.url,
    events: e.events.split(',') as WebhookEventType[],
    active: e.active,
    description: e.description,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

function toDeliveryView(d: WebhookDelivery): WebhookDeliveryView {
  return {
    id: d.id,
    endpointId: d.endpointId,
    eventId: d.eventId,
    event: d.eventType as WebhookEventType,
    status: d.status,
    attempts: d.attempts,
    lastError: d.lastError,
    lastStatusCode: d.lastStatusCode,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}
