import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  HttpException,
  Injectable,
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

/** Whose keys these are: the integration token, else the staff member. */
export function keyScope(staff: StaffPrincipal): string {
  const integrationId = (staff as { integrationId?: string | null }).integrationId;
  return integrationId ? `integration:${integrationId}` : `staff:${staff.staffId}`;
}

/**
 * `Idempotency-Key` on admin POSTs (issue 12): a POST under /api/admin by staff that carries the
 * header runs once per key and body; a retry gets the first answer (header
 * `Idempotent-Replayed: true`) and nothing runs again; the same key with another body answers
 * 422; a duplicate sent while the first still runs waits for it (up to 5 s) or answers 409. An
 * answer that is an error stores nothing (the request's transaction stored nothing either), so
 * the key may be retried. Without the header nothing changes.
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
      return begun.body;
    }
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      // A 4xx answer or a lost lock race (deadlock, lock wait: rolled back) stored nothing, so
      // the key may be used again. Anything else (the database gone mid-commit, a bug) may have
      // stored something we cannot see: the key stays running and retries answer 409 rather
      // than risk sending twice.
      const rolledBack =
        (error instanceof HttpException && error.getStatus() < 500) ||
        databaseFault(error) === 'busy';
      if (rolledBack) await this.store.abandon(begun.id).catch(() => undefined);
      throw error;
    }
    await this.store.finish(begun.id, statusCode, body);
    return body;
  }
}
