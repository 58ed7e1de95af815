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

/**
 * How long after the database was last seen unreachable every new request still runs in its own
 * scope. Only then: an AsyncLocalStorage in use makes Node run a hook for every promise the
 * process makes, about a tenth of a hot request's CPU (issue 11), for a scope that only matters
 * once the database has failed. While it is healthy requests have none, and a call without a
 * scope is bounded by the driver's fallback instead (BoundedMysqlDriver: a call made within
 * UNSCOPED_FAIL_FAST_MS of a failure fails at once), which covers the requests already under way
 * when the first failure comes.
 */
export const SCOPE_AFTER_FAULT_MS = 60_000;

let scopedUntil = 0;
let pinned = 0;
let ending: NodeJS.Timeout | null = null;

/** Express middleware: runs the rest of the request in its own database scope, when scopes are on. */
export function databaseScopeMiddleware(_req: Request, _res: Response, next: NextFunction): void {
  if (requestsScoped()) {
    databaseScope.run({}, next);
    return;
  }
  next();
}

/** Whether new requests get a scope now. */
export function requestsScoped(): boolean {
  return pinned > 0 || Date.now() < scopedUntil;
}

/**
 * The database was found unreachable (the driver calls this): new requests run in their own
 * scope from now until SCOPE_AFTER_FAULT_MS after the last such failure.
 */
export function noteDatabaseUnavailable(now = Date.now()): void {
  scopedUntil = now + SCOPE_AFTER_FAULT_MS;
  ending ??= endLater(SCOPE_AFTER_FAULT_MS);
}

function endLater(ms: number): NodeJS.Timeout {
  const timer = setTimeout(endScopes, ms);
  timer.unref();
  return timer;
}

/** Scopes end once the database has answered for SCOPE_AFTER_FAULT_MS; the hooks go with them. */
function endScopes(): void {
  ending = null;
  const left = scopedUntil - Date.now();
  if (left > 0) {
    ending = endLater(left);
    return;
  }
  if (pinned === 0) databaseScope.disable();
}

/**
 * Every request in its own scope until the returned function is called: for tests that group
 * what the app sends by request (test/api/hot-path-statements.e2e-spec.ts).
 */
export function scopeEveryRequest(): () => void {
  pinned++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    pinned--;
    if (pinned === 0 && !requestsScoped() && !ending) databaseScope.disable();
  };
}

export function failedInRequest(cause: Error): Error {
  return refused('The database was unreachable earlier in this request; not waiting again', cause);
}

/** A call without a scope made just after the database was found unreachable. */
export function failedJustNow(cause: Error): Error {
  return refused('The database was unreachable a moment ago; not waiting again', cause);
}

function refused(message: string, cause: Error): Error {
  return Object.assign(new Error(message, { cause }), { code: DATABASE_FAILED_IN_REQUEST });
}
