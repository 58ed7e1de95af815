import {
  BadRequestException,
  HttpException,
  InternalServerErrorException,
  Logger,
} from '@nestjs/common';
import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import type { FileStorage } from '../storage/file-storage';
import { resolveDeclaredType } from './file-types';
import { safeFilename } from './filenames';
import { tooLarge, typeNotAllowed, UploadInspector } from './upload-inspector';

export interface UploadLimits {
  maxBytes: number;
  allowedTypes: readonly string[];
}

export interface ReceivedFile {
  key: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** Room for the multipart envelope around the file (boundaries, part headers). */
const ENVELOPE_BYTES = 64 * 1024;
const logger = new Logger('Uploads');

/** busboy's own words for a body that stopped before the closing boundary. */
const ENDED_EARLY = /^Unexpected end of (form|file)$/;

/**
 * Streams the single file of a multipart/form-data request (field "file") into storage under
 * `key`: parsed by busboy as it arrives, inspected (size, SHA-256, type) on the way, never
 * buffered whole. Resolves with what was stored; on any failure — too large (413), type not
 * allowed (415), malformed, truncated or aborted request (400) — removes whatever reached
 * storage and only then rejects.
 *
 * Every stream on the path (the request, busboy, each file part, the inspector) has an error
 * listener, and no listener throws: a fault in one request can never become an uncaught
 * exception that ends the process.
 */
export function receiveUpload(
  request: IncomingMessage,
  storage: FileStorage,
  key: string,
  limits: UploadLimits,
): Promise<ReceivedFile> {
  return new Promise<ReceivedFile>((resolve, reject) => {
    // The client may have gone while the task and its request were being checked.
    if (request.destroyed && !request.complete) return reject(aborted());

    const type = request.headers['content-type'] ?? '';
    if (!/^\s*multipart\/form-data\s*(;|$)/i.test(type)) {
      request.resume();
      return reject(
        typeNotAllowed('Send the file as multipart/form-data in a field named "file".'),
      );
    }
    const boundary = boundaryOf(type);
    if (boundary === null) {
      request.resume();
      return reject(
        malformed(
          'The upload has no valid multipart boundary in its Content-Type; please try again.',
        ),
      );
    }
    const declaredLength = Number(request.headers['content-length']);
    if (Number.isFinite(declaredLength) && declaredLength > limits.maxBytes + ENVELOPE_BYTES) {
      request.resume();
      return reject(tooLarge(limits.maxBytes));
    }

    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        defParamCharset: 'utf8',
        limits: { files: 1, fileSize: limits.maxBytes + 1, fields: 10, fieldSize: 1024, parts: 12 },
      });
    } catch {
      request.resume();
      return reject(malformed());
    }

    let settled = false;
    let inspector: UploadInspector | null = null;
    let stored: Promise<void> | null = null;
    let meta: { filename: string; contentType: string } | null = null;
    const marker = watchForBoundary(request, boundary);

    /** What the client is told, for whatever went wrong. */
    const toHttpError = (error: unknown): HttpException => {
      if (error instanceof HttpException) return error;
      const message = error instanceof Error ? error.message : '';
      if (ENDED_EARLY.test(message)) return marker.seen ? incomplete() : malformed();
      if (/^Malformed part header$/.test(message)) return malformed();
      if (request.destroyed && !request.complete) return aborted();
      logger.error({ message: 'upload failed', error: message || String(error) });
      return new InternalServerErrorException();
    };

    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      const httpError = toHttpError(error);
      marker.stop();
      request.unpipe(parser);
      // Drain the rest, so the answer can go out on a healthy connection.
      if (!request.destroyed) request.resume();
      // Not from inside busboy's own write (this may be one of its callbacks): on the next turn.
      setImmediate(() => parser.destroy());
      inspector?.destroy(httpError);
      const afterPut = stored ? stored.catch(() => undefined) : Promise.resolve();
      void afterPut
        .then(() => storage.delete(key))
        .catch((cleanup: unknown) =>
          logger.error({
            message: 'upload cleanup failed',
            error: cleanup instanceof Error ? cleanup.message : String(cleanup),
          }),
        )
        .finally(() => reject(httpError));
    };

    request.on('error', fail);
    request.on('close', () => {
      if (!request.complete) fail(aborted());
    });
    parser.on('error', fail);

    parser.on('file', (field: string, file: Readable, info: busboy.FileInfo) => {
      file.on('error', fail); // busboy destroys a part with an error when the body ends early
      try {
        if (settled || inspector || field !== 'file') {
          file.resume();
          if (!settled) fail(oneFile());
          return;
        }
        const filename = safeFilename(info.filename);
        const contentType = resolveDeclaredType(info.mimeType, filename, limits.allowedTypes);
        if (!contentType) {
          file.resume();
          return fail(
            typeNotAllowed(
              'This type of file is not accepted. Please send a PDF, an image (JPEG, PNG, HEIC) or an office document.',
            ),
          );
        }
        meta = { filename, contentType };
        const inspecting = new UploadInspector(contentType, limits.maxBytes);
        inspector = inspecting;
        // pipeline, not pipe: an error on either side destroys the other, so storage sees it.
        pipeline(file, inspecting, (error) => {
          if (error) fail(error);
        });
        stored = storage.put(key, inspecting, contentType);
        stored.catch(fail);
      } catch (error) {
        file.resume();
        fail(error);
      }
    });
    parser.on('filesLimit', () => fail(oneFile()));
    parser.on('partsLimit', () => fail(malformed()));
    parser.on('close', () => {
      if (settled) return;
      if (!stored || !inspector || !meta) return fail(noFile());
      const done = inspector;
      const { filename, contentType } = meta;
      stored.then(
        () => {
          if (settled) return;
          settled = true;
          marker.stop();
          resolve({ key, filename, contentType, size: done.bytes, sha256: done.sha256 ?? '' });
        },
        (error: unknown) => fail(error),
      );
    });
    request.pipe(parser);
  });
}

/**
 * The boundary parameter of a multipart Content-Type (RFC 2046: 1 to 70 characters), or null
 * when it is missing, empty or too long.
 */
export function boundaryOf(contentType: string): string | null {
  const match = /;\s*boundary\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  const value = match ? (match[1] ?? match[2] ?? '') : '';
  return value.length >= 1 && value.length <= 70 ? value : null;
}

/**
 * Watches the body for the first "--boundary", keeping only a few bytes across chunks, and stops
 * listening once it is found: a body that ends early after it was a truncated upload; one that
 * never had it was not multipart at all.
 */
function watchForBoundary(
  request: IncomingMessage,
  boundary: string,
): { readonly seen: boolean; stop(): void } {
  const needle = Buffer.from(`--${boundary}`, 'latin1');
  let tail = Buffer.alloc(0);
  let seen = false;
  const onData = (chunk: Buffer): void => {
    const window = tail.length ? Buffer.concat([tail, chunk]) : chunk;
    if (window.includes(needle)) {
      seen = true;
      tail = Buffer.alloc(0);
      request.off('data', onData);
      return;
    }
    tail = Buffer.from(window.subarray(Math.max(0, window.length - needle.length + 1)));
  };
  request.on('data', onData);
  return {
    get seen() {
      return seen;
    },
    stop: () => request.off('data', onData),
  };
}

const malformed = (
  message = 'The upload could not be read as a multipart/form-data file upload; please choose the file and try again.',
): BadRequestException => new BadRequestException({ error: 'malformed_upload', message });
const incomplete = (): BadRequestException =>
  new BadRequestException({
    error: 'upload_incomplete',
    message:
      'The upload ended before the file was complete; nothing was kept. Please send the file again.',
  });
const aborted = (): BadRequestException =>
  new BadRequestException({
    error: 'upload_aborted',
    message: 'The upload was interrupted; nothing was kept. Please try again.',
  });
const noFile = (): BadRequestException =>
  new BadRequestException({
    error: 'file_missing',
    message: 'No file was sent; choose a file and upload it in a field named "file".',
  });
const oneFile = (): BadRequestException =>
  new BadRequestException({
    error: 'one_file_per_upload',
    message: 'Send one file per upload, in a field named "file".',
  });
