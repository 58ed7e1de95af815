import { Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import type { WebhookDeliveryStatus } from '@app/contracts';
import { In, LessThan, Repository } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PurgeSteps } from '../database/purge-steps';
import { WebhookDelivery } from './webhook-delivery.entity';

/** The final states; a pending delivery (waiting, retrying or being sent) is never purged. */
const FINAL: WebhookDeliveryStatus[] = ['delivered', 'failed'];

/**
 * Retention of the webhook delivery log (issue 12): a delivery that reached delivered or failed
 * more than WEBHOOK_DELIVERY_RETENTION_DAYS ago is deleted by the purge. When a delivery ends,
 * next_attempt_at is set to that moment (webhook.jobs.ts finish()), so the read goes through
 * ix_webhook_deliveries_pending (status, next_attempt_at), one status at a time. A replay sets
 * the row back to pending, so it stays until it ends again. Its own small module so
 * `npm run purge` needs none of the delivery job's wiring.
 */
@Injectable()
export class WebhookDeliveryRetention implements OnModuleInit {
  constructor(
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly purgeSteps: PurgeSteps,
  ) {}

  onModuleInit(): void {
    this.purgeSteps.registerAge(
      'webhookDeliveries',
      () => this.config.retention.webhookDeliveryDays,
      (cutoff, size) => this.deleteEndedBefore(cutoff, size),
    );
  }

  async deleteEndedBefore(cutoff: Date, size: number): Promise<number> {
    let deleted = 0;
    for (const status of FINAL) {
      const ids = (
        await this.deliveries.find({
          select: { id: true },
          where: { status, nextAttemptAt: LessThan(cutoff) },
          order: { nextAttemptAt: 'ASC' },
          take: size - deleted,
        })
      ).map((d) => d.id);
      if (ids.length > 0) {
        // Only if still final: a replay in between puts the row back to pending.
        const result = await this.deliveries.delete({ id: In(ids), status });
        deleted += result.affected ?? ids.length;
      }
      if (deleted >= size) break;
    }
    return deleted;
  }
}

@Module({
  imports: [TypeOrmModule.forFeature([WebhookDelivery])],
  providers: [WebhookDeliveryRetention],
})
export class WebhookDeliveryRetentionModule {}
