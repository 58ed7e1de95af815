import { ConflictException } from '@nestjs/common';
import type { Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { queryFailed } from '../database/database-errors.fixtures';
import type { Client } from './client.entity';
import { ClientsService } from './clients.service';

const duplicate = () =>
  queryFailed('INSERT', "Duplicate entry 'a@b.test' for key 'uq_clients_email'", {
    code: 'ER_DUP_ENTRY',
    errno: 1062,
    sqlState: '23000',
  });
/** The connection died after the server may have committed: the row can exist, and be ours. */
const dropped = () => queryFailed('INSERT', 'read ECONNRESET', { code: 'ECONNRESET', fatal: true });

/** A repository whose write fails with `error`; after the failure the row "exists" (ours). */
function failingRepository(error: Error) {
  let failed = false;
  const reject = () => {
    failed = true;
    return Promise.reject(error);
  };
  const repo = {
    exists: () => Promise.resolve(failed),
    findOneBy: () => Promise.resolve({ id: 'c1', email: 'old@b.test' }),
    create: (value: Partial<Client>) => value,
    insert: reject,
    update: reject,
  };
  return new ClientsService(repo as unknown as Repository<Client>, new Clock());
}

describe('ClientsService: 409 only for a real duplicate', () => {
  const input = { email: 'a@b.test', name: 'A' };

  it('create: a unique violation answers 409 email_taken', async () => {
    const attempt = failingRepository(duplicate()).create(input);
    await expect(attempt).rejects.toBeInstanceOf(ConflictException);
    await expect(attempt).rejects.toMatchObject({ response: { error: 'email_taken' } });
  });

  it('create: a dropped connection is rethrown as it is, never 409 for our own row', async () => {
    const error = dropped();
    await expect(failingRepository(error).create(input)).rejects.toBe(error);
  });

  it('update: a new e-mail that hits the unique index answers 409; a fault is rethrown', async () => {
    await expect(
      failingRepository(duplicate()).update('c1', { email: 'a@b.test' }),
    ).rejects.toBeInstanceOf(ConflictException);
    const error = dropped();
    await expect(failingRepository(error).update('c1', { email: 'a@b.test' })).rejects.toBe(error);
  });
});
