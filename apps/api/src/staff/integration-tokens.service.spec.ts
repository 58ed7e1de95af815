import type { Repository } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { sha256Hex } from '../common/crypto';
import type { IntegrationToken } from './integration-token.entity';
import { IntegrationTokensService } from './integration-tokens.service';
import type { Staff } from './staff.entity';

/** The service over an in-memory token table. */
function setup() {
  const rows: IntegrationToken[] = [];
  const matches = (
    row: IntegrationToken,
    where: Partial<Record<keyof IntegrationToken, unknown>>,
  ) =>
    Object.entries(where).every(([k, v]) =>
      typeof v === 'object' && v !== null
        ? row[k as keyof IntegrationToken] === null // IsNull()
        : row[k as keyof IntegrationToken] === v,
    );
  const tokens = {
    insert: jest.fn((row: IntegrationToken) => {
      rows.push({ ...row });
      return Promise.resolve();
    }),
    findOneBy: jest.fn((where: Partial<Record<keyof IntegrationToken, unknown>>) =>
      Promise.resolve(rows.find((r) => matches(r, where)) ?? null),
    ),
    findOneByOrFail: jest.fn((where: { id: string }) =>
      Promise.resolve(rows.find((r) => r.id === where.id)!),
    ),
    update: jest.fn(
      (
        where: Partial<Record<keyof IntegrationToken, unknown>>,
        change: Partial<IntegrationToken>,
      ) => {
        const found = rows.filter((r) => matches(r, where));
        found.forEach((r) => Object.assign(r, change));
        return Promise.resolve({ affected: found.length });
      },
    ),
    find: jest.fn(() => Promise.resolve([...rows])),
  };
  const staff = { find: jest.fn().mockResolvedValue([{ id: 'admin-1', username: 'ada' }]) };
  const audit = { record: jest.fn().mockResolvedValue(undefined) };
  const clock = new Clock();
  const service = new IntegrationTokensService(
    tokens as unknown as Repository<IntegrationToken>,
    staff as unknown as Repository<Staff>,
    clock,
    audit as unknown as AuditService,
  );
  return { service, rows, audit };
}

describe('IntegrationTokensService', () => {
  it('shows the token once and keeps only its SHA-256', async () => {
    const { service, rows, audit } = setup();
    const { token, view } = await service.create('Docketing', 'admin-1');
    expect(token).toMatch(/^cpi_[A-Za-z0-9_-]{43}$/);
    expect(rows[0].tokenHash).toBe(sha256Hex(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(view).toMatchObject({ name: 'Docketing', createdBy: { username: 'ada' } });
    expect(JSON.stringify(view)).not.toContain(token);
    expect(JSON.stringify(audit.record.mock.calls)).not.toContain(token);
  });

  it('opens for its token until revoked, and records its use', async () => {
    const { service, rows } = setup();
    const { token, view } = await service.create('Docketing', 'admin-1');
    await expect(service.authenticate(token)).resolves.toEqual({
      integrationId: view.id,
      name: 'Docketing',
      staffId: 'admin-1',
    });
    expect(rows[0].lastUsedAt).not.toBeNull();
    await expect(service.authenticate(`${token}x`)).resolves.toBeNull();
    await service.revoke(view.id, 'admin-1');
    await expect(service.authenticate(token)).resolves.toBeNull();
  });

  it('answers 404 for an unknown token id', async () => {
    const { service } = setup();
    await expect(service.revoke('nope', 'admin-1')).rejects.toMatchObject({
      response: { error: 'integration_token_not_found' },
    });
  });
});
