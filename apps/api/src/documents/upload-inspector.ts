import {
  PayloadTooLargeException,
  UnprocessableEntityException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { contentMatches, contentMismatchMessage, SNIFF_BYTES } from './file-types';

export function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  const kb = bytes / 1024;
  return kb >= 1 ? `${Math.round(kb)} KB` : `${bytes} bytes`;
}

export const tooLarge = (maxBytes: number): PayloadTooLargeException =>
  new PayloadTooLargeException({
    error: 'file_too_large',
    message: `The file is larger than the ${formatBytes(maxBytes)} limit; please send a smaller file.`,
  });

export const typeNotAllowed = (detail: string): UnsupportedMediaTypeException =>
  new UnsupportedMediaTypeException({ error: 'file_type_not_allowed', message: detail });

/**
 * Sits between the upload and the storage: counts bytes (failing past the limit), hashes with
 * SHA-256 as bytes pass, and holds back the first bytes until they prove the declared type.
 * Only a few bytes are ever held, so memory does not grow with the file.
 */
export class UploadInspector extends Transform {
  /** Bytes seen so far (not "size": lib-storage would take that for the body length). */
  bytes = 0;
  sha256: string | null = null;
  private readonly hash: Hash = createHash('sha256');
  private head: Buffer[] = [];
  private headLength = 0;
  private sniffed = false;

  constructor(
    private readonly contentType: string,
    private readonly maxBytes: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return done(tooLarge(this.maxBytes));
    this.hash.update(chunk);
    if (this.sniffed) return done(null, chunk);
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < SNIFF_BYTES) return done();
    this.release(done);
  }

  override _flush(done: TransformCallback): void {
    if (this.bytes === 0) {
      return done(
        new UnprocessableEntityException({
          error: 'file_empty',
          message: 'The file is empty; please choose the file again.',
        }),
      );
    }
    if (!this.sniffed) {
      const error = this.sniff();
      if (error) return done(error);
      this.push(Buffer.concat(this.head));
      this.head = [];
    }
    this.sha256 = this.hash.digest('hex');
    done();
  }

  private release(done: TransformCallback): void {
    const error = this.sniff();
    if (error) return done(error);
    const head = Buffer.concat(this.head);
    this.head = [];
    done(null, head);
  }

  private sniff(): Error | null {
    this.sniffed = true;
    const head = Buffer.concat(this.head).subarray(0, SNIFF_BYTES);
    return contentMatches(this.contentType, head)
      ? null
      : typeNotAllowed(contentMismatchMessage(this.contentType));
  }
}
