// The schema comes from migrations; this fails when an entity changes without a migration.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../../apps/api/src/config/app-config';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options';
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
    const dataSource = new DataSource(dataSourceOptions(config));
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
    const dataSource = new DataSource(dataSourceOptions(config));
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
});
