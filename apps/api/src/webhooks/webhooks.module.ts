import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminWebhooksController } from './admin-webhooks.controller';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookJobs } from './webhook.jobs';
import { WebhooksService } from './webhooks.service';

/** Signed webhooks (issue 12): owns `webhook_endpoints` and `webhook_deliveries`. */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEndpoint, WebhookDelivery])],
  controllers: [AdminWebhooksController],
  providers: [WebhooksService, WebhookJobs],
  exports: [WebhooksService, WebhookJobs],
})
export class WebhooksModule {}
