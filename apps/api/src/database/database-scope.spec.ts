import type { NextFunction, Request, Response } from 'express';
import {
  databaseScope,
  databaseScopeMiddleware,
  noteDatabaseUnavailable,
  requestsScoped,
  SCOPE_AFTER_FAULT_MS,
  scopeEveryRequest,
} from './database-scope';

/** Whether Node keeps the storage enabled (its hooks on every promise): its own field. */
const enabled = () => (databaseScope as unknown as { enabled: boolean }).enabled;

/** The store the rest of a request sees, after an await as a handler would. */
function storeThroughMiddleware(): Promise<unknown> {
  return new Promise((resolve) => {
    const next: NextFunction = () => {
      void Promise.resolve().then(() => resolve(databaseScope.getStore()));
    };
    databaseScopeMiddleware({} as Request, {} as Response, next);
  });
}

describe('database scope (only after the database failed)', () => {
  let base = Date.now();
  beforeEach(() => {
    // Each test far after the last one: the scopes a failure turned on have long ended.
    base += 10 * SCOPE_AFTER_FAULT_MS;
    jest.useFakeTimers({ now: base, doNotFake: ['nextTick', 'queueMicrotask'] });
  });
  afterEach(() => {
    jest.runOnlyPendingTimers();
    jest.useRealTimers();
  });

  it('while the database is healthy a request gets no scope', async () => {
    expect(requestsScoped()).toBe(false);
    expect(await storeThroughMiddleware()).toBeUndefined();
    expect(enabled()).toBe(false);
  });

  it('after a failure every new request gets its own; SCOPE_AFTER_FAULT_MS later none do again', async () => {
    noteDatabaseUnavailable();
    const one = await storeThroughMiddleware();
    const two = await storeThroughMiddleware();
    expect(one).toEqual({});
    expect(two).toEqual({});
    expect(one).not.toBe(two);
    expect(enabled()).toBe(true);

    // A later failure extends the time.
    jest.advanceTimersByTime(SCOPE_AFTER_FAULT_MS / 2);
    noteDatabaseUnavailable();
    jest.advanceTimersByTime(SCOPE_AFTER_FAULT_MS / 2 + 1);
    expect(await storeThroughMiddleware()).toEqual({});

    jest.advanceTimersByTime(SCOPE_AFTER_FAULT_MS / 2);
    expect(requestsScoped()).toBe(false);
    expect(await storeThroughMiddleware()).toBeUndefined();
    // The storage is off again (Node's own flag), so Node need not carry it through every promise.
    expect(enabled()).toBe(false);
  });

  it('scopeEveryRequest gives every request a scope until it is released', async () => {
    const release = scopeEveryRequest();
    expect(requestsScoped()).toBe(true);
    expect(await storeThroughMiddleware()).toEqual({});
    release();
    release(); // twice is once
    expect(requestsScoped()).toBe(false);
    expect(enabled()).toBe(false);
    expect(await storeThroughMiddleware()).toBeUndefined();
  });
});
