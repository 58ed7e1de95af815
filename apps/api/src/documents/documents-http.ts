import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { IncomingMessage } from 'node:http';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { FILE_STORAGE, FileStorage } from '../storage/file-storage';
import type { FileSource } from './documents.service';
import { receiveUpload } from './upload-receiver';

/**
 * The HTTP side of uploads and downloads, used by the controllers: it turns a multipart request
 * into the FileSource DocumentsService stores from, and sets a download's response headers.
 */
@Injectable()
export class UploadSource {
  constructor(
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Streams the request's single file (field "file") into storage when the service asks. */
  from(request: IncomingMessage): FileSource {
    return (key) => receiveUpload(request, this.storage, key, this.config.uploads);
  }
}

/** A document goes out as an attachment the browser neither sniffs, caches nor runs. */
export function setDownloadHeaders(response: Response): void {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Cache-Control', 'private, no-store');
  // Even if a browser ignored the attachment disposition, the file runs no script.
  response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
}
