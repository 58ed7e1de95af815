import {
  CallHandler,
  ExecutionContext,
  HttpException,
  InternalServerErrorException,
  NotFoundException,
} from '@nestjs/common';
import { lastValueFrom, throwError, of } from 'rxjs';
import { errorAnswer, IdempotencyInterceptor } from './idempotency.interceptor';
import type { IdempotencyService } from './idempotency.service';

/** A fake key store: records what the interceptor does with the key. */
function fakeStore(begin: Awaited<ReturnType<IdempotencyService['begin']>>) {
  const calls: string[] = [];
  const store = {
    begin: () => Promise.resolve(begin),
    abandon: (id: string) => {
      calls.push(`abandon ${id}`);
      return Promise.resolve();
    },
    finish: (id: string, status: number, body: unknown) => {
      calls.push(`finish ${id} ${status} ${JSON.stringify(body)}`);
      return Promise.resolve();
    },
  };
  return { store: store as unknown as IdempotencyService, calls };
}

function context(headers: Record<string, string> = {}) {
  const res = {
    headers: {} as Record<string, string>,
    setHeader(k: string, v: string) {
      this.headers[k] = v;
    },
  };
  const req = {
    method: 'POST',
    path: '/api/admin/clients',
    originalUrl: '/api/admin/clients',
    body: { name: 'x' },
    headers: { 'idempotency-key': 'k-1', ...headers },
    principal: { kind: 'staff', staffId: 's1', integrationId: null },
  };
  const ctx = {
    getType: () => 'http',
    getHandler: () => function handler() {},
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ExecutionContext;
  return { ctx, res };
}

const failing = (error: unknown): CallHandler => ({ handle: () => throwError(() => error) });

describe('IdempotencyInterceptor: what a failed request does with its key', () => {
  it('a 4xx answer releases the key (a retry runs again)', async () => {
    const { store, calls } = fakeStore({ kind: 'run', id: 'r1' });
    const { ctx } = context();
    await expect(
      lastValueFrom(
        new IdempotencyInterceptor(store).intercept(ctx, failing(new NotFoundException())),
      ),
    ).rejects.toBeInstanceOf(NotFoundException);
    expect(calls).toEqual(['abandon r1']);
  });

  it('a 5xx answer is kept for replay (never "running" for 24 h), with its code and no detail', async () => {
    for (const error of [
      new InternalServerErrorException({ error: 'mail_broken', message: 'secret detail' }),
      new Error('a bug'),
    ]) {
      const { store, calls } = fakeStore({ kind: 'run', id: 'r2' });
      const { ctx } = context();
      await expect(
        lastValueFrom(new IdempotencyInterceptor(store).intercept(ctx, failing(error))),
      ).rejects.toBe(error);
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatch(/^finish r2 500 /);
      expect(calls[0]).not.toContain('secret detail');
      expect(calls[0]).not.toContain('a bug');
    }
  });

  it('a stored 5xx is answered again with its status and Idempotent-Replayed', async () => {
    const stored = errorAnswer(new Error('x'));
    const { store } = fakeStore({ kind: 'replay', statusCode: 500, body: stored.body });
    const { ctx, res } = context();
    const replay = lastValueFrom(
      new IdempotencyInterceptor(store).intercept(ctx, { handle: () => of('never runs') }),
    );
    await expect(replay).rejects.toBeInstanceOf(HttpException);
    await replay.catch((error: HttpException) => {
      expect(error.getStatus()).toBe(500);
      expect(error.getResponse()).toEqual({ error: 'internal_error', message: expect.any(String) });
    });
    expect(res.headers['Idempotent-Replayed']).toBe('true');
  });

  it('a success is kept and replayed as before', async () => {
    const { store, calls } = fakeStore({ kind: 'run', id: 'r3' });
    const { ctx } = context();
    await expect(
      lastValueFrom(
        new IdempotencyInterceptor(store).intercept(ctx, { handle: () => of({ id: 'c1' }) }),
      ),
    ).resolves.toEqual({ id: 'c1' });
    expect(calls).toEqual(['finish r3 201 {"id":"c1"}']);
  });
});
