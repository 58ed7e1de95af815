import {
  BadRequestException,
  HttpException,
  InternalServerErrorException,
  Logger,
} from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
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

/**
 * Streams the single file of a multipart/form-data request (field "file") into storage under
 * `key`: parsed by busboy as it arrives, inspected (size, SHA-256, type) on the way, never
 * buffered whole. Resolves with what was stored; on any failure — too large (413), type not
 * allowed (415), malformed or aborted request — removes whatever reached storage and rejects.
 */
export function receiveUpload(
  request: Request,
  storage: FileStorage,
  key: string,
  limits: UploadLimits,
): Promise<ReceivedFile> {
  return new Promise<ReceivedFile>((resolve, reject) => {
    const type = request.headers['content-type'] ?? '';
    if (!/^multipart\/form-data;/i.test(type)) {
      request.resume();
      return reject(
        typeNotAllowed('Send the file as multipart/form-data in a field named "file".'),
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

    const detach = (): void => {
      request.off('close', onClose);
      request.unpipe(parser);
    };
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      detach();
      request.resume(); // drain the rest, so the answer can go out on a healthy connection
      const httpError = error instanceof HttpException ? error : new InternalServerErrorException();
      if (!(error instanceof HttpException)) {
        logger.error({ message: 'upload failed', error: (error as Error)?.message });
      }
      inspector?.destroy(httpError);
      const afterPut = stored ? stored.catch(() => undefined) : Promise.resolve();
      void afterPut
        .then(() => storage.delete(key))
        .catch(() => undefined)
        .finally(() => reject(httpError));
    };
    const onClose = (): void => {
      if (!request.complete)
        fail(
          new BadRequestException({
            error: 'upload_aborted',
            message: 'The upload was interrupted; nothing was kept. Please try again.',
          }),
        );
    };
    request.on('close', onClose);

    parser.on('file', (field, file, info) => {
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
      inspector = new UploadInspector(contentType, limits.maxBytes);
      inspector.on('error', fail);
      file.pipe(inspector);
      stored = storage.put(key, inspector, contentType);
      stored.catch(fail);
    });
    parser.on('filesLimit', () => fail(oneFile()));
    parser.on('partsLimit', () => fail(malformed()));
    parser.on('error', () => fail(malformed()));
    parser.on('close', () => {
      if (settled) return;
      if (!stored || !inspector || !meta) return fail(noFile());
      const done = inspector;
      const { filename, contentType } = meta;
      stored.then(
        () => {
          if (settled) return;
          settled = true;
          detach();
          resolve({ key, filename, contentType, size: done.bytes, sha256: done.sha256 ?? '' });
        },
        (error: unknown) => fail(error),
      );
    });
    request.pipe(parser);
  });
}

const malformed = (): BadRequestException =>
  new BadRequestException({
    error: 'malformed_upload',
    message: 'The upload could not be read; please try again.',
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
