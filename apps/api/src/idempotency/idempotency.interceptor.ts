import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  HttpException,
  Injectable,
  Logger,
  NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { Response } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import type { AuthenticatedRequest, StaffPrincipal } from '../auth/principal';
import { databaseFault } from '../database/database-errors';
import { IDEMPOTENCY_KEY_PATTERN, keyHash, requestFingerprint } from './fingerprint';
import { IdempotencyService } from './idempotency.service';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

const logger = new Logger('Idempotency');

/** Whose keys these are: the integration token, else the staff member. */
export function keyScope(staff: StaffPrincipal): string {
  const integrationId = (staff as { integrationId?: string | null }).integrationId;
  return integrationId ? `integration:${integrationId}` : `staff:${staff.staffId}`;
}

/**
 * `Idempotency-Key` on admin POSTs (issue 12): a POST under /api/admin by staff that carries the
 * header runs once per key and body; a retry gets the first answer (header
 * `Idempotent-Replayed: true`) and nothing runs again; the same key with another body answers
 * 422; a duplicate sent while the first still runs waits for it (up to 5 s) or answers 409. A
 * 4xx answer (or a database fault: nothing was written) releases the key, so it may be retried;
 * a 5xx answer is kept and replayed like a success (it may have written something). Without the
 * header nothing changes.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const raw = req.headers[IDEMPOTENCY_HEADER];
    if (raw === undefined || req.method !== 'POST') return next.handle();
    const principal = req.principal;
    if (principal?.kind !== 'staff' || !req.path.startsWith('/api/admin/')) return next.handle();
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new BadRequestException({
        error: 'idempotency_key_invalid',
        message: 'The Idempotency-Key header must be 1 to 255 visible ASCII characters.',
      });
    }
    if ((req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/')) {
      throw new BadRequestException({
        error: 'idempotency_key_unsupported',
        message: 'File uploads do not take an Idempotency-Key; send the upload without it.',
      });
    }
    const res = context.switchToHttp().getResponse<Response>();
    const statusCode =
      (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ?? 201;
    return from(this.run(principal, key, req, res, statusCode, next));
  }

  private async run(
    staff: StaffPrincipal,
    key: string,
    req: AuthenticatedRequest,
    res: Response,
    statusCode: number,
    next: CallHandler,
  ): Promise<unknown> {
    const begun = await this.store.begin(
      keyScope(staff),
      keyHash(key),
      requestFingerprint(req.method, req.originalUrl, req.body),
    );
    if (begun.kind === 'replay') {
      res.setHeader('Idempotent-Replayed', 'true');
      // A stored error answer (a 5xx, see below) is answered again with its status.
      if (begun.statusCode >= 400) throw new HttpException(begun.body as object, begun.statusCode);
      return begun.body;
    }
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      // A 4xx answer, a lost lock race (deadlock, lock wait) or an unreachable database was rolled
      // back and stored nothing, so the key is released: a retry with it runs again. Any other
      // failure (a 5xx: a bug, the connection lost mid-commit) may have stored something we cannot
      // see, so, as Stripe does, the error answer is kept for the key's 24 h and replayed: a retry
      // never runs twice, and is told at once instead of 409 "in progress" for a day. Check what
      // happened, then use a new key.
      const fault = error instanceof HttpException ? undefined : databaseFault(error);
      const released =
        (error instanceof HttpException && error.getStatus() < 500) || fault !== undefined;
      if (released) {
        await this.store.abandon(begun.id).catch(() => undefined);
      } else {
        const answer = errorAnswer(error);
        await this.store.finish(begun.id, answer.statusCode, answer.body).catch(() => undefined);
      }
      throw error;
    }
    // The work is done and committed: failing to keep its answer must not turn it into an error
    // (the key then stays running until it expires, and a retry is told it is in progress).
    await this.store.finish(begun.id, statusCode, body).catch((error: unknown) =>
      logger.warn({
        message: 'idempotency answer not kept',
        code: (error as { code?: unknown } | null)?.code,
      }),
    );
    return body;
  }
}

/** What a 5xx answered, kept for replay: its status and error code (never a stack or detail). */
export function errorAnswer(error: unknown): {
  statusCode: number;
  body: { error: string; message: string };
} {
  const message =
    'Something went wrong on our side. Check whether it was done, then retry with a new Idempotency-Key.';
  if (error instanceof HttpException) {
    const payload = error.getResponse() as { error?: unknown } | string;
    const code =
      typeof payload === 'object' &&
      typeof payload.error === 'string' &&
      /^[a-z_]+$/.test(payload.error)
        ? payload.error
        : 'internal_error';
    return { statusCode: error.getStatus(), body: { error: code, message } };
  }
  return { statusCode: 500, body: { error: 'internal_error', message } };
}
