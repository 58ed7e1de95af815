import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ApiError } from '@app/contracts';
import { DatabaseFault, databaseErrorCode, databaseFault } from './database/database-errors';
import { correlationIdOf } from './common/request-context';

const REASONS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  410: 'gone',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'too_many_requests',
};

/** Errors thrown by body-parser and friends carry a status and a type but are not HttpExceptions. */
interface LowLevelHttpError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

const LOW_LEVEL_MESSAGES: Record<string, string> = {
  'entity.too.large': 'The request body is too large.',
  'entity.parse.failed': 'The request body is not valid JSON.',
  'charset.unsupported': 'The request body uses an unsupported character set.',
  'encoding.unsupported': 'The request body uses an unsupported encoding.',
};

/** What a client is told while the database cannot serve (503 with Retry-After). */
export const DATABASE_FAULT_ANSWERS: Record<
  DatabaseFault,
  { error: string; message: string; retryAfterSeconds: number }
> = {
  unavailable: {
    error: 'database_unavailable',
    message: 'The database cannot be reached for a moment; please try again in a few seconds.',
    retryAfterSeconds: 5,
  },
  busy: {
    error: 'database_busy',
    message: 'The database is busy for a moment; please try again in a few seconds.',
    retryAfterSeconds: 2,
  },
};

/**
 * The one catch-all: every error leaves as an ApiError with a correlation id. 5xx details go to
 * the log only; the client never sees a stack trace. A database that is down, restarting or
 * overloaded answers 503 with Retry-After (nothing was written); anything unknown answers 500.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const correlationId = correlationIdOf(request);
    const fault = exception instanceof HttpException ? undefined : databaseFault(exception);
    const body: ApiError = fault
      ? {
          statusCode: HttpStatus.SERVICE_UNAVAILABLE,
          ...DATABASE_FAULT_ANSWERS[fault],
          correlationId,
        }
      : this.toApiError(exception, correlationId);

    if (fault) {
      // Expected during an outage: one line per request, no stack (the access log has the rest).
      this.logger.warn({
        message: `database ${fault}`,
        correlationId,
        method: request.method,
        route: request.route ? String((request.route as { path?: string }).path) : undefined,
        code: databaseErrorCode(exception),
      });
    } else if (body.statusCode >= 500) {
      this.logger.error({
        message: 'unhandled error',
        correlationId,
        method: request.method,
        route: request.route ? String((request.route as { path?: string }).path) : undefined,
        error: exception instanceof Error ? exception.message : String(exception),
        stack: exception instanceof Error ? exception.stack : undefined,
      });
    }
    if (response.headersSent) return;
    if (body.retryAfterSeconds !== undefined) {
      response.setHeader('Retry-After', String(body.retryAfterSeconds));
    }
    response.status(body.statusCode).json(body);
  }

  private toApiError(exception: unknown, correlationId: string): ApiError {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      const base: ApiError = {
        statusCode: status,
        error: REASONS[status] ?? (status >= 500 ? 'internal_error' : 'error'),
        message: exception.message,
        correlationId,
      };
      if (typeof payload === 'object' && payload !== null) {
        const p = payload as Partial<ApiError> & { message?: unknown };
        if (typeof p.message === 'string') base.message = p.message;
        if (typeof p.error === 'string' && /^[a-z_]+$/.test(p.error)) base.error = p.error;
        if (p.fields) base.fields = p.fields;
        if (typeof p.retryAfterSeconds === 'number') base.retryAfterSeconds = p.retryAfterSeconds;
      }
      if (status >= 500) base.message = 'Something went wrong on our side. Please try again.';
      return base;
    }
    const low = exception as LowLevelHttpError | null;
    const lowStatus = low?.status ?? low?.statusCode;
    if (typeof lowStatus === 'number' && lowStatus >= 400 && lowStatus < 500) {
      return {
        statusCode: lowStatus,
        error: REASONS[lowStatus] ?? 'bad_request',
        message: LOW_LEVEL_MESSAGES[low?.type ?? ''] ?? 'The request could not be read.',
        correlationId,
      };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: 'internal_error',
      message: 'Something went wrong on our side. Please try again.',
      correlationId,
    };
  }
}
