import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { FILE_STORAGE, FileStorage } from './file-storage';
import { LocalFileStorage } from './local-file-storage';
import type { S3FileStorage } from './s3-file-storage';

/**
 * The AWS SDK is loaded only when S3 is configured: the embedded default (a local folder) never
 * needs it, and requiring it costs start-up time (issue 11).
 */
export function createFileStorage(config: AppConfig['storage']): FileStorage {
  if (config.kind !== 's3') return new LocalFileStorage(config.dir);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const s3 = require('./s3-file-storage') as { S3FileStorage: typeof S3FileStorage };
  return new s3.S3FileStorage(config);
}

/** The one FileStorage, chosen by configuration (STORAGE_DIR or STORAGE_S3_*). */
@Global()
@Module({
  providers: [
    {
      provide: FILE_STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createFileStorage(config.storage),
    },
  ],
  exports: [FILE_STORAGE],
})
export class StorageModule implements OnApplicationShutdown {
  constructor(@Inject(FILE_STORAGE) private readonly storage: FileStorage) {}

  onApplicationShutdown(): void {
    if ('destroy' in this.storage && typeof this.storage.destroy === 'function') {
      (this.storage as S3FileStorage).destroy();
    }
  }
}
