import 'reflect-metadata';
import { DynamicModule, INestApplicationContext, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule } from './audit/audit.module';
import { createLogger } from './app.factory';
import { CommonModule } from './common/common.module';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ENTITIES } from './entities';
import { EventsModule } from './events/events.module';
import { LinksModule } from './links/links.module';
import { PurgeCounts, PurgeJob } from './links/purge.job';
import { MailQueueModule } from './mail/mail-queue.module';
import { StaffNoticeRetentionModule } from './notifications/staff-notice-retention';
import { WebhookDeliveryRetentionModule } from './webhooks/webhook-delivery-retention';

/**
 * The module graph of `npm run purge`: configuration, the database (migrations applied as on
 * start-up), audit and the owners of what the purge deletes. No HTTP server, no ScheduleModule
 * (so no purge timer and no other scheduler), no outbox worker and no mail transport: mail can
 * only be queued (MailQueueModule), never sent, from here. The retention modules of notices and
 * webhook deliveries bring only their table and their purge step, not their jobs.
 */
@Module({})
export class PurgeCommandModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: PurgeCommandModule,
      imports: [
        AppConfigModule.forRoot(config),
        CommonModule,
        DatabaseModule.forRoot(ENTITIES),
        AuditModule,
        MailQueueModule,
        EventsModule,
        LinksModule,
        // Retention (issue 12): their steps register with the purge.
        StaffNoticeRetentionModule,
        WebhookDeliveryRetentionModule,
      ],
    };
  }
}

/** Builds the purge's application context from an environment (validated first). */
export async function createPurgeContext(
  env: Record<string, string | undefined>,
): Promise<INestApplicationContext> {
  const config = loadConfig(env);
  const logger = createLogger(config);
  Logger.overrideLogger(logger);
  return NestFactory.createApplicationContext(PurgeCommandModule.register(config), {
    logger,
    abortOnError: false,
  });
}

/** One purge pass with the same configuration as the server, then everything is closed. */
export async function runPurge(env: Record<string, string | undefined>): Promise<PurgeCounts> {
  const context = await createPurgeContext(env);
  try {
    return await context.get(PurgeJob).purge();
  } finally {
    await context.close();
  }
}

/** `npm run purge`: one purge pass by hand. */
async function main(): Promise<void> {
  const counts = await runPurge(process.env);
  process.stdout.write(
    `Purged ${counts.links} links, ${counts.deviceGrants} device grants, ${counts.sessions} sessions.\n`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
