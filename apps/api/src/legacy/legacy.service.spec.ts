import { ConflictException, UnprocessableEntityException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { ClientsService } from '../clients/clients.service';
import type { Transactor } from '../database/transactor';
import type { DispatchesService } from '../dispatches/dispatches.service';
import type { PinService } from '../pin/pin.service';
import type { TasksService } from '../tasks/tasks.service';
import type { ImportLegacyTasksDto } from './dto/import-legacy-tasks.dto';
import { LegacyService } from './legacy.service';

const MANAGER = { the: 'transaction' } as unknown as EntityManager;

function setup(taken: string[] = []) {
  const calls: string[] = [];
  let n = 0;
  const tasks = {
    referencesTaken: jest.fn().mockResolvedValue(taken),
    insert: jest.fn((_m: EntityManager, _c: string, input: { reference: string }) => {
      calls.push(`task ${input.reference}`);
      return Promise.resolve({ task: { id: `task-${++n}`, reference: input.reference } });
    }),
    attachToDispatch: jest.fn((_m: EntityManager, dispatchId: string, taskIds: string[]) => {
      calls.push(`attach ${taskIds.join()} to ${dispatchId}`);
      return Promise.resolve();
    }),
  };
  const dispatches = {
    record: jest.fn((_m: EntityManager, input: { mode: string }) => {
      calls.push(`dispatch ${input.mode}`);
      return Promise.resolve({ id: `dispatch-${n}` });
    }),
  };
  const pins = {
    hash: jest.fn((pin: string) => Promise.resolve(`hash(${pin})`)),
    store: jest.fn((_m: EntityManager, input: { pinHash: string }) => {
      calls.push(`pin ${input.pinHash}`);
      return Promise.resolve();
    }),
  };
  const audit = { record: jest.fn().mockResolvedValue(undefined) };
  const transactor = {
    run: jest.fn(<T>(work: (m: EntityManager) => Promise<T>) => work(MANAGER)),
  };
  const service = new LegacyService(
    { get: jest.fn().mockResolvedValue({ id: 'c1' }) } as unknown as ClientsService,
    tasks as unknown as TasksService,
    dispatches as unknown as DispatchesService,
    pins as unknown as PinService,
    audit as unknown as AuditService,
    transactor as unknown as Transactor,
  );
  return { service, calls, tasks, dispatches, pins, audit, transactor };
}

const item = (reference: string, pin: string, extra: object = {}) => ({
  reference,
  pin,
  title: `Task ${reference}`,
  sentAt: '2025-06-01T09:00:00Z',
  requests: [{ kind: 'question' as const, prompt: 'Why?' }],
  ...extra,
});
const input = (...tasks: ReturnType<typeof item>[]) => ({ tasks }) as ImportLegacyTasksDto;

describe('LegacyService.import', () => {
  it('writes each task, its PIN dispatch and its PIN through their owners, in one transaction', async () => {
    const { service, calls, transactor, tasks, dispatches, audit } = setup();
    const result = await service.import(
      'c1',
      input(item('L-1', '1234'), item('L-2', '5678', { completedAt: '2025-07-01T00:00:00Z' })),
      'staff-1',
    );

    expect(transactor.run).toHaveBeenCalledTimes(1);
    expect(calls).toEqual([
      'task L-1',
      'dispatch pin',
      'attach task-1 to dispatch-1',
      'pin hash(1234)',
      'task L-2',
      'dispatch pin',
      'attach task-2 to dispatch-2',
      'pin hash(5678)',
    ]);
    const sentAt = new Date('2025-06-01T09:00:00Z');
    expect(tasks.insert).toHaveBeenCalledWith(
      MANAGER,
      'c1',
      expect.objectContaining({
        reference: 'L-1',
        createdAt: sentAt,
        dispatchedAt: sentAt,
        completedAt: null,
      }),
    );
    expect(tasks.insert.mock.calls[1][2]).toMatchObject({
      completedAt: new Date('2025-07-01T00:00:00Z'),
    });
    expect(dispatches.record).toHaveBeenCalledWith(MANAGER, {
      clientId: 'c1',
      mode: 'pin',
      staffId: 'staff-1',
      createdAt: sentAt,
    });
    expect(audit.record).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'legacy.imported', detail: { tasks: 2 } }),
      MANAGER,
    );
    expect(result.imported).toEqual([
      { taskId: 'task-1', reference: 'L-1', dispatchId: 'dispatch-1' },
      { taskId: 'task-2', reference: 'L-2', dispatchId: 'dispatch-2' },
    ]);
  });

  it('hashes every PIN before the transaction opens', async () => {
    const { service, pins, transactor } = setup();
    transactor.run.mockImplementation(() => {
      expect(pins.hash).toHaveBeenCalledTimes(2);
      return Promise.resolve([]);
    });
    await service.import('c1', input(item('L-1', '1234'), item('L-2', '5678')), 's');
    expect(transactor.run).toHaveBeenCalledTimes(1);
  });

  it('refuses a reference repeated in the import (422), writing nothing', async () => {
    const { service, transactor } = setup();
    await expect(
      service.import('c1', input(item('L-1', '1234'), item('L-1', '5678')), 's'),
    ).rejects.toBeInstanceOf(UnprocessableEntityException);
    expect(transactor.run).not.toHaveBeenCalled();
  });

  it('refuses a reference a task already has (409), writing nothing', async () => {
    const { service, transactor } = setup(['L-2']);
    await expect(
      service.import('c1', input(item('L-1', '1234'), item('L-2', '5678')), 's'),
    ).rejects.toBeInstanceOf(ConflictException);
    expect(transactor.run).not.toHaveBeenCalled();
  });
});
