import { ConflictException, Logger } from '@nestjs/common';
import { QueryFailedError, type Repository } from 'typeorm';
import { queryFailed } from '../database/database-errors.fixtures';
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
    const error = queryFailed('INSERT', 'Connection lost: The server closed the connection.', {
      code: 'PROTOCOL_CONNECTION_LOST',
      fatal: true,
    });
    await expect(failingInsert(error).create(input, null)).rejects.toBe(error);
  });
});

describe('StaffService: the first admin', () => {
  const config = {
    env: 'test',
    staff: { adminUsername: 'Chief', adminPassword: 'first admin pass phrase' },
  } as unknown as AppConfig;
  let log: jest.SpyInstance;
  let error: jest.SpyInstance;
  beforeEach(() => {
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    log.mockRestore();
    error.mockRestore();
  });

  /** A staff table with no rows; `inserted` holds what the service inserts, `findOne` reads it. */
  function emptyStaff(insertError?: Error, otherInstanceFirst = false) {
    const inserted: Staff[] = [];
    let insertCalls = 0;
    const repo = {
      count: () => Promise.resolve(inserted.length),
      insert: (row: Staff) => {
        insertCalls++;
        if (otherInstanceFirst) inserted.push({ ...row, id: 'other-instance' });
        if (insertError) return Promise.reject(insertError);
        inserted.push(row);
        return Promise.resolve();
      },
      findOne: () => Promise.resolve(inserted[0] ?? null),
    };
    const service = new StaffService(
      repo as unknown as Repository<Staff>,
      config,
      new Clock(),
      {} as AuditService,
      {} as SessionTokensService,
      {} as Transactor,
    );
    return { service, inserted, insertCalls: () => insertCalls };
  }

  it('start-up goes on before the password is hashed, and a sign-in meanwhile waits for it', async () => {
    const { service, inserted } = emptyStaff();
    await service.onApplicationBootstrap();
    // argon2 hashes on libuv's thread pool: the row cannot be there yet when the hook returns.
    expect(inserted).toHaveLength(0);
    const member = await service.verifyCredentials('chief', 'first admin pass phrase');
    expect(member).toMatchObject({ username: 'chief', role: 'admin' });
    expect(inserted).toHaveLength(1);
    expect(await service.verifyCredentials('chief', 'not the pass phrase')).toBeNull();
  });

  it('shutting down waits for the creation under way', async () => {
    const { service, inserted } = emptyStaff();
    await service.onApplicationBootstrap();
    await service.beforeApplicationShutdown();
    expect(inserted).toHaveLength(1);
  });

  it('another instance having created it first is no failure: sign-ins go on', async () => {
    const duplicate = queryFailed('INSERT', "Duplicate entry 'chief' for key 'ix_staff_username'", {
      code: 'ER_DUP_ENTRY',
      errno: 1062,
    });
    const { service, insertCalls } = emptyStaff(duplicate);
    await service.onApplicationBootstrap();
    await expect(service.verifyCredentials('chief', 'whatever it is')).resolves.toBeNull();
    expect(insertCalls()).toBe(1);
    expect(log).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'first admin already created by another instance' }),
    );
    expect(error).not.toHaveBeenCalled();
  });

  it('a conflict while another instance creates it (Galera) is no failure either; anything else is', async () => {
    const conflict = queryFailed('INSERT', 'Deadlock found when trying to get lock', {
      code: 'ER_LOCK_DEADLOCK',
      errno: 1213,
    });
    const raced = emptyStaff(conflict, true);
    await raced.service.onApplicationBootstrap();
    await raced.service.beforeApplicationShutdown();
    expect(log).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'first admin already created by another instance' }),
    );
    expect(error).not.toHaveBeenCalled();
    const alone = emptyStaff(conflict);
    await alone.service.onApplicationBootstrap();
    await alone.service.beforeApplicationShutdown();
    expect(error).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'first admin not created; the next start tries again' }),
    );
  });
});
