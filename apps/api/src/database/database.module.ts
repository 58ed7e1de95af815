import {
  DynamicModule,
  Inject,
  Logger,
  MiddlewareConsumer,
  Module,
  NestModule,
  OnModuleInit,
  RequestMethod,
} from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { BoundedMysqlDriver } from './bounded-mysql';
import { dataSourceOptions, type DataSourceEntities } from './data-source-options';
import { databaseScopeMiddleware } from './database-scope';
import { JobLease } from './job-lease.entity';
import { JobLeases } from './job-leases.service';
import { PurgeSteps } from './purge-steps';
import { Transactor } from './transactor';

/**
 * The connection, migrations on start-up, Transactor and job leases. The entity list comes from
 * the caller (apps/api/src/entities.ts, via app.module.ts), so database/ imports no feature.
 */
@Module({})
export class DatabaseModule implements OnModuleInit, NestModule {
  private readonly logger = new Logger('Database');

  static forRoot(entities: DataSourceEntities): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => {
            const db = config.database;
            if (db.driver === 'sqlite' && db.file !== ':memory:')
              mkdirSync(dirname(db.file), { recursive: true });
            return { ...dataSourceOptions(db, entities), retryAttempts: 2, retryDelay: 500 };
          },
        }),
        TypeOrmModule.forFeature([JobLease]),
      ],
      providers: [Transactor, JobLeases, PurgeSteps],
      exports: [Transactor, JobLeases, PurgeSteps],
    };
  }

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every request gets its own database scope (see database-scope.ts). */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(databaseScopeMiddleware)
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }

  /** Brings the schema up to date before anything else touches it (no per-query timeout). */
  async onModuleInit(): Promise<void> {
    const migrate = () => this.dataSource.runMigrations({ transaction: 'each' });
    const driver = (this.dataSource.options as { driver?: unknown }).driver;
    const applied =
      driver instanceof BoundedMysqlDriver
        ? await driver.withoutQueryTimeout(migrate)
        : await migrate();
    this.logger.log({
      message: 'schema ready',
      driver: this.config.database.driver,
      migrationsApplied: applied.map((m) => m.name),
    });
  }
}
