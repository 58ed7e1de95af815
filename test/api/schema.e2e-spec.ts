// The schema comes from migrations; this fails when an entity changes without a migration.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, LessThan } from 'typeorm';
import type { DatabaseConfig } from '../../apps/api/src/config/app-config';
import { Client } from '../../apps/api/src/clients/client.entity';
import { newId } from '../../apps/api/src/database/columns';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options';
import { DeviceGrant } from '../../apps/api/src/devices/device-grant.entity';
import { Device } from '../../apps/api/src/devices/device.entity';
import { Dispatch } from '../../apps/api/src/dispatches/dispatch.entity';
import { ENTITIES } from '../../apps/api/src/entities';
import { Link } from '../../apps/api/src/links/link.entity';
import { createDatabase, dropDatabase } from '../support/mariadb';

describe('the migrations build exactly the schema the entities describe', () => {
  let config: DatabaseConfig;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    if (process.env.E2E_DB === 'mariadb') {
      const url = await createDatabase(process.env.E2E_MARIADB_ROOT_URL ?? '');
      config = { driver: 'mysql', flavor: 'mariadb', url: url.replace(/^mariadb:/, 'mysql:') };
      cleanup = () => dropDatabase(url);
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'portal-schema-'));
      config = { driver: 'sqlite', file: join(dir, 'schema.sqlite') };
      cleanup = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
    }
  });
  afterAll(() => cleanup());

  it('leaves nothing for the schema builder to change after running every migration', async () => {
    const dataSource = new DataSource(dataSourceOptions(config, ENTITIES));
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations();
      expect(applied.length).toBeGreaterThan(0);
      const diff = await dataSource.driver.createSchemaBuilder().log();
      expect(diff.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('can roll every migration back and forward again', async () => {
    const dataSource = new DataSource(dataSourceOptions(config, ENTITIES));
    await dataSource.initialize();
    try {
      await dataSource.runMigrations();
      for (let i = 0; i < dataSource.migrations.length; i++) await dataSource.undoLastMigration();
      expect(await dataSource.showMigrations()).toBe(true);
      const reapplied = await dataSource.runMigrations();
      expect(reapplied.map((m) => m.name)).toEqual(dataSource.migrations.map((m) => m.name));
      expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('keeps milliseconds: a time read back is the time written, and the database sorts by them', async () => {
    const dataSource = new DataSource(dataSourceOptions(config, ENTITIES));
    await dataSource.initialize();
    try {
      await dataSource.runMigrations();
      const early = new Date('2026-03-04T05:06:07.123Z');
      const late = new Date('2026-03-04T05:06:07.987Z');
      const clients = dataSource.getRepository(Client);
      const [a, b] = [newId(), newId()];
      await clients.insert({
        id: a,
        email: `${a}@ms.test`,
        name: 'Late',
        createdAt: late,
        portalEnabledFrom: late,
      });
      await clients.insert({
        id: b,
        email: `${b}@ms.test`,
        name: 'Early',
        createdAt: early,
        portalEnabledFrom: null,
      });
      const read = await clients.findOneByOrFail({ id: a });
      expect([read.createdAt.toISOString(), read.portalEnabledFrom?.toISOString()]).toEqual([
        late.toISOString(),
        late.toISOString(),
      ]);
      const sorted = await clients
        .createQueryBuilder('c')
        .where('c.id IN (:...ids)', { ids: [a, b] })
        .orderBy('c.createdAt', 'DESC')
        .getMany();
      expect(sorted.map((c) => c.name)).toEqual(['Late', 'Early']);
      const before = await clients.countBy({ createdAt: LessThan(late) });
      expect(before).toBe(1);
    } finally {
      await dataSource.destroy();
    }
  });

  it('rolls the milliseconds migration back and forward with rows in parent and child tables, losing none', async () => {
    const dataSource = new DataSource(dataSourceOptions(config, ENTITIES));
    await dataSource.initialize();
    try {
      await dataSource.runMigrations();
      const now = new Date('2026-03-04T05:06:07.123Z');
      const later = new Date('2026-04-04T05:06:07.456Z');
      const [clientId, dispatchId, deviceId, linkId] = [newId(), newId(), newId(), newId()];
      const m = dataSource.manager;
      await m.insert(Client, {
        id: clientId,
        email: `${clientId}@undo.test`,
        name: 'Undo',
        createdAt: now,
      });
      await m.insert(Dispatch, {
        id: dispatchId,
        clientId,
        mode: 'link',
        createdByStaffId: null,
        createdAt: now,
      });
      await m.insert(Device, {
        id: deviceId,
        secretHash: 'd'.repeat(64),
        label: null,
        createdAt: now,
        lastSeenAt: now,
      });
      await m.insert(Link, {
        id: linkId,
        tokenHash: 'l'.repeat(64),
        kind: 'dispatch',
        clientId,
        dispatchId,
        createdAt: now,
        redeemBy: later,
        expiresAt: later,
        usedAt: now,
        usedByDeviceId: deviceId,
      });
      await m.insert(DeviceGrant, {
        id: newId(),
        deviceId,
        dispatchId,
        clientId,
        linkId,
        grantedAt: now,
        expiresAt: later,
      });
      const counts = async (): Promise<number[]> => {
        const tables = ['clients', 'dispatches', 'devices', 'links', 'device_grants'];
        const rows = await Promise.all(
          tables.map((t) =>
            dataSource.query<{ n: number | string }[]>(`SELECT COUNT(*) AS n FROM ${t}`),
          ),
        );
        return rows.map((r) => Number(r[0].n));
      };
      const stored = await counts();
      expect(stored.every((n) => n >= 1)).toBe(true);

      const names = dataSource.migrations.map((mig) => mig.name ?? '');
      const mine = names.findIndex((n) => n.startsWith('TimesInMilliseconds'));
      expect(mine).toBeGreaterThan(0);
      for (let i = names.length - 1; i >= mine; i--) await dataSource.undoLastMigration();
      expect(await counts()).toEqual(stored);
      if (config.driver === 'sqlite')
        expect(await dataSource.query('PRAGMA foreign_key_check')).toEqual([]);

      await dataSource.runMigrations();
      expect(await counts()).toEqual(stored);
      if (config.driver === 'sqlite')
        expect(await dataSource.query('PRAGMA foreign_key_check')).toEqual([]);
      const link = await m.findOneByOrFail(Link, { id: linkId });
      expect(link.usedByDeviceId).toBe(deviceId);
      expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});
