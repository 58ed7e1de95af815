import { ConflictException } from '@nestjs/common';
import { queryFailed } from '../database/database-errors.fixtures';
import type { ClientPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { AccountsService } from './accounts.service';

const CLIENT = { id: 'c1', email: 'jane@example.com', name: 'Jane' };

/** A service whose account-creating transaction fails with `error`; afterwards the login exists. */
function failingCreation(error: Error) {
  let failed = false;
  const accounts = {
    existsBy: (where: { clientId?: string; username?: string }) =>
      Promise.resolve(failed && where.username !== undefined),
  };
  const clients = { findByIds: () => Promise.resolve([CLIENT]) };
  const transactor = {
    run: () => {
      failed = true;
      return Promise.reject(error);
    },
  };
  const unused = {} as never;
  return new AccountsService(
    accounts as never,
    { firmName: 'Firm', publicUrl: 'http://portal.test' } as never,
    unused, // sessions
    unused, // client sessions
    clients as never,
    unused, // devices
    unused, // throttle
    unused, // audit
    unused, // mail
    transactor as never,
    new Clock(),
  );
}

describe('AccountsService.create: 409 only for a real duplicate', () => {
  const principal = { via: 'device', clientIds: [CLIENT.id] } as unknown as ClientPrincipal;
  const input = { email: CLIENT.email, username: 'jane.d', password: 'a long client pass phrase' };
  const caller = { userAgent: 'jest', ip: '127.0.0.1' };

  it('a unique violation on the username answers 409 username_taken', async () => {
    const error = queryFailed(
      'INSERT',
      "Duplicate entry 'jane.d' for key 'uq_client_accounts_username'",
      { code: 'ER_DUP_ENTRY', errno: 1062 },
    );
    const attempt = failingCreation(error).create(principal, input, caller);
    await expect(attempt).rejects.toBeInstanceOf(ConflictException);
    await expect(attempt).rejects.toMatchObject({ response: { error: 'username_taken' } });
  });

  it('a dropped connection is rethrown as it is, never 409 for our own login', async () => {
    const error = queryFailed('COMMIT', 'read ECONNRESET', { code: 'ECONNRESET', fatal: true });
    await expect(failingCreation(error).create(principal, input, caller)).rejects.toBe(error);
  });
});
