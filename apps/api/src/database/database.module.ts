import { Global, Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { Transactor } from './transactor';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const db = config.database;
        if (db.driver === 'sqlite' && db.file !== ':memory:')
          mkdirSync(dirname(db.file), { recursive: true });
        return { ...dataSourceOptions(db), retryAttempts: 2, retryDelay: 500 };
      },
    }),
  ],
  providers: [Transactor],
  exports: [Transactor],
})
export class DatabaseModule implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Brings the schema up to date before anything else touches it. */
  async onModuleInit(): Promise<void> {
    const applied = await this.dataSource.runMigrations({ transaction: 'each' });
    this.logger.log({
      message: 'schema ready',
      driver: this.config.database.driver,
      migrationsApplied: applied.map((m) => m.name),
    });
  }
}
