import { ConflictException } from '@nestjs/common';
import type { Repository } from 'typeorm';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import type { IdempotencyKey } from './idempotency-key.entity';
import { IdempotencyService, MAX_KEPT_ANSWER } from './idempotency.service';

/** A one-table fake of idempotency_keys: enough for finish() then begin() of the same key. */
function fakeKeys() {
  const rows = new Map<string, IdempotencyKey>();
  const repo = {
    insert: (row: IdempotencyKey) => {
      for (const r of rows.values())
        if (r.scope === row.scope && r.keyHash === row.keyHash)
          return Promise.reject(
            Object.assign(new Error('dup'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }),
          );
      rows.set(row.id, { ...row });
      return Promise.resolve();
    },
    findOneBy: (where: Partial<IdempotencyKey>) =>
      Promise.resolve(
        [...rows.values()].find((r) => r.scope === where.scope && r.keyHash === where.keyHash) ??
          null,
      ),
    update: (where: { id: string }, change: Partial<IdempotencyKey>) => {
      Object.assign(rows.get(where.id)!, change);
      return Promise.resolve();
    },
  };
  return { repo: repo as unknown as Repository<IdempotencyKey>, rows };
}

const config = { appSecret: 'a-test-secret-that-is-long-enough-0123456789' } as AppConfig;

describe('IdempotencyService: kept answers', () => {
  it('seals the answer at rest and opens it for the replay', async () => {
    const { repo, rows } = fakeKeys();
    const service = new IdempotencyService(repo, new Clock(), config);
    const begun = await service.begin('staff:1', 'hash', 'fp');
    if (begun.kind !== 'run') throw new Error('expected to run');
    await service.finish(begun.id, 201, { token: 'cpi_secret-value' });
    const stored = rows.get(begun.id)!.response!;
    expect(stored).toMatch(/^v2\./);
    expect(stored).not.toContain('secret-value');
    await expect(service.begin('staff:1', 'hash', 'fp')).resolves.toEqual({
      kind: 'replay',
      statusCode: 201,
      body: { token: 'cpi_secret-value' },
    });
  });

  it('an answer too long to keep: the key is done and a retry is told, not run again', async () => {
    const { repo, rows } = fakeKeys();
    const service = new IdempotencyService(repo, new Clock(), config);
    const begun = await service.begin('staff:1', 'hash', 'fp');
    if (begun.kind !== 'run') throw new Error('expected to run');
    await service.finish(begun.id, 201, { text: 'x'.repeat(MAX_KEPT_ANSWER) });
    expect(rows.get(begun.id)).toMatchObject({ state: 'done', statusCode: 201 });
    expect(rows.get(begun.id)!.response!.length).toBeLessThan(100);
    const retry = service.begin('staff:1', 'hash', 'fp');
    await expect(retry).rejects.toBeInstanceOf(ConflictException);
    await expect(retry).rejects.toMatchObject({
      response: { error: 'idempotency_answer_not_kept' },
    });
  });

  it('an answer kept in the clear before sealing still replays', async () => {
    const { repo, rows } = fakeKeys();
    const service = new IdempotencyService(repo, new Clock(), config);
    const begun = await service.begin('staff:1', 'hash', 'fp');
    if (begun.kind !== 'run') throw new Error('expected to run');
    Object.assign(rows.get(begun.id)!, { state: 'done', statusCode: 200, response: '{"a":1}' });
    await expect(service.begin('staff:1', 'hash', 'fp')).resolves.toMatchObject({
      body: { a: 1 },
    });
  });
});
