import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

const CORRELATION = Symbol('correlationId');
type WithCorrelation = Request & { [CORRELATION]?: string };

export function correlationIdOf(request: Request): string {
  const r = request as WithCorrelation;
  r[CORRELATION] ??= randomUUID();
  return r[CORRELATION];
}

/** Tokens travel in paths like /l/<token>; never let one reach a log line. */
export function redactPath(url: string): string {
  const path = url.split('?')[0];
  return path.replace(/\/l\/[^/]+/g, '/l/[redacted]');
}

const logger = new Logger('Access');

/**
 * Gives each request a correlation id (echoed as X-Request-Id) and writes one structured access
 * log line when it ends, without query strings or tokens.
 */
export function requestContext(request: Request, response: Response, next: NextFunction): void {
  const supplied = request.header('x-request-id');
  const id = supplied && /^[A-Za-z0-9-]{8,64}$/.test(supplied) ? supplied : randomUUID();
  (request as WithCorrelation)[CORRELATION] = id;
  response.setHeader('X-Request-Id', id);
  const started = process.hrtime.bigint();
  response.on('finish', () => {
    if (!request.originalUrl.startsWith('/api/')) return;
    logger.log({
      message: 'request',
      correlationId: id,
      method: request.method,
      path: redactPath(request.originalUrl),
      status: response.statusCode,
      ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
    });
  });
  next();
}
