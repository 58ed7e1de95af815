import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminWebhooksController } from './admin-webhooks.controller';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookJobs } from './webhook.jobs';
import { WebhooksService } from './webhooks.service';
import { WebhookDeliveryRetentionModule } from './webhook-delivery-retention';

/** Signed webhooks (issue 12): owns `webhook_endpoints` and `webhook_deliveries`. */
@Module({
  imports: [
    TypeOrmModule.forFeature([WebhookEndpoint, WebhookDelivery]),
    // Retention of ended deliveries, run by the purge (issue 12).
    WebhookDeliveryRetentionModule,
  ],
  controllers: [AdminWebhooksController],
  providers: [WebhooksService, WebhookJobs],
  exports: [WebhooksService, WebhookJobs],
})
export class WebhooksModule {}
