import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import { DATABASE_FAILED_IN_REQUEST } from './database-errors';

/**
 * Per-request database state: once one database call of a request has failed because the
 * database is unreachable, every later call of the same request fails at once instead of
 * waiting out its own timeout (a service that catches the error and asks again, or a rollback,
 * must not double the wait). So no request waits on a dead database for longer than one bound.
 */
export interface DatabaseScope {
  unavailable?: Error;
}

export const databaseScope = new AsyncLocalStorage<DatabaseScope>();

export function failedInRequest(cause: Error): Error {
  return Object.assign(
    new Error('The database was unreachable earlier in this request; not waiting again', {
      cause,
    }),
    { code: DATABASE_FAILED_IN_REQUEST },
  );
}

/** Express middleware: runs the rest of the request in its own database scope. */
export function databaseScopeMiddleware(_req: Request, _res: Response, next: NextFunction): void {
  databaseScope.run({}, next);
}
