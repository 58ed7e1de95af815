import { ConflictException } from '@nestjs/common';
import { QueryFailedError, type Repository } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import type { SessionTokensService } from '../sessions/session-tokens.service';
import type { Staff } from './staff.entity';
import type { Transactor } from '../database/transactor';
import { StaffService } from './staff.service';

/** A staff repository whose insert fails with `error`; afterwards the username "exists". */
function failingInsert(error: Error) {
  let failed = false;
  const repo = {
    existsBy: () => Promise.resolve(failed),
    insert: () => {
      failed = true;
      return Promise.reject(error);
    },
  };
  const audit = { record: () => Promise.resolve() };
  return new StaffService(
    repo as unknown as Repository<Staff>,
    {} as AppConfig,
    new Clock(),
    audit as unknown as AuditService,
    {} as SessionTokensService,
    {} as Transactor,
  );
}

describe('StaffService.create: 409 only for a real duplicate', () => {
  const input = {
    username: 'sam.staff',
    password: 'a long staff pass phrase',
    role: 'staff' as const,
  };

  it('a unique violation (SQLite, as TypeORM wraps it) answers 409 username_taken', async () => {
    const driverError = Object.assign(new Error('UNIQUE constraint failed: staff.username'), {
      code: 'SQLITE_CONSTRAINT_UNIQUE',
    });
    const attempt = failingInsert(new QueryFailedError('INSERT', [], driverError)).create(
      input,
      null,
    );
    await expect(attempt).rejects.toBeInstanceOf(ConflictException);
    await expect(attempt).rejects.toMatchObject({ response: { error: 'username_taken' } });
  });

  it('a lost connection is rethrown as it is, never 409 for our own row', async () => {
    const error = new QueryFailedError(
      'INSERT',
      [],
      Object.assign(new Error('Connection lost: The server closed the connection.'), {
        code: 'PROTOCOL_CONNECTION_LOST',
        fatal: true,
      }),
    );
    await expect(failingInsert(error).create(input, null)).rejects.toBe(error);
  });
});
