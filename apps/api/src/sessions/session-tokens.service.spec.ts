import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { newToken } from '../common/crypto';
import type { AppConfig } from '../config/app-config';
import { SnakeNamingStrategy } from '../database/snake-naming.strategy';
import { Session } from './session.entity';
import { SessionTokensService } from './session-tokens.service';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const CONFIG = {
  staff: { sessionHours: 8 },
  sessions: { idleMinutes: 30, clientHours: 24, pinHours: 2 },
} as AppConfig;

describe('SessionTokensService', () => {
  let dataSource: DataSource;
  let clock: Clock;
  let tokens: SessionTokensService;

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [Session],
      namingStrategy: new SnakeNamingStrategy(),
      synchronize: true,
    });
    await dataSource.initialize();
  });

  afterAll(() => dataSource.destroy());

  beforeEach(async () => {
    await dataSource.getRepository(Session).clear();
    clock = new Clock();
    tokens = new SessionTokensService(dataSource.getRepository(Session), CONFIG, clock);
  });

  it('issues an opaque token and keeps only its hash, with the lifetime of its kind', async () => {
    const staff = await tokens.issue('staff', 's1');
    const pin = await tokens.issue('pin', 'd1', 'Chrome on Android');
    const client = await tokens.issue('client', 'c1');
    const rows = await dataSource.getRepository(Session).find();
    expect(rows.map((r) => r.tokenHash)).not.toContain(staff.token);
    expect(staff.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const life = (s: Session) => s.expiresAt.getTime() - s.createdAt.getTime();
    expect(life(staff.session)).toBe(8 * HOUR);
    expect(life(pin.session)).toBe(2 * HOUR);
    expect(life(client.session)).toBe(24 * HOUR);
    expect(pin.session.label).toBe('Chrome on Android');
  });

  it('finds a live session by its token, only among the kinds asked for', async () => {
    const { token, session } = await tokens.issue('staff', 's1');
    expect((await tokens.find(['staff'], token))?.id).toBe(session.id);
    expect(await tokens.find(['client', 'pin'], token)).toBeNull();
  });

  it('finds nothing for a missing, malformed or unknown token', async () => {
    await tokens.issue('client', 'c1');
    expect(await tokens.find(['client'], null)).toBeNull();
    expect(await tokens.find(['client'], 'not a token')).toBeNull();
    expect(await tokens.find(['client'], newToken())).toBeNull();
  });

  it('ends a session that stayed idle longer than the idle timeout', async () => {
    const { token } = await tokens.issue('client', 'c1');
    clock.advance(30 * MINUTE - 5000); // real time moves on a little too
    expect(await tokens.find(['client'], token)).not.toBeNull();
    clock.advance(5000);
    expect(await tokens.find(['client'], token)).toBeNull();
  });

  it('touching keeps a session from going idle, at most once a minute', async () => {
    const { token, session } = await tokens.issue('client', 'c1');
    clock.advance(30 * 1000);
    await tokens.touch(session);
    expect((await tokens.find(['client'], token))?.lastSeenAt).toEqual(session.lastSeenAt);
    clock.advance(25 * MINUTE);
    await tokens.touch((await tokens.find(['client'], token))!);
    clock.advance(25 * MINUTE);
    expect(await tokens.find(['client'], token)).not.toBeNull();
  });

  it('ends a session at its absolute expiry however busy it is', async () => {
    const { token } = await tokens.issue('pin', 'd1');
    for (let i = 0; i < 5; i++) {
      clock.advance(20 * MINUTE);
      const live = await tokens.find(['pin'], token);
      expect(live).not.toBeNull();
      await tokens.touch(live!);
    }
    clock.advance(20 * MINUTE);
    expect(await tokens.find(['pin'], token)).toBeNull();
  });

  it('revokes a session at once, and says whether it was open', async () => {
    const { token, session } = await tokens.issue('staff', 's1');
    expect(await tokens.revoke(session.id)).toBe(true);
    expect(await tokens.find(['staff'], token)).toBeNull();
    expect(await tokens.revoke(session.id)).toBe(false);
  });

  it('revokes every open session of one subject and no other', async () => {
    const a = await tokens.issue('client', 'c1');
    const b = await tokens.issue('client', 'c1');
    const other = await tokens.issue('client', 'c2');
    const pin = await tokens.issue('pin', 'c1');
    expect(await tokens.revokeAllFor('client', 'c1')).toBe(2);
    expect(await tokens.find(['client'], a.token)).toBeNull();
    expect(await tokens.find(['client'], b.token)).toBeNull();
    expect(await tokens.find(['client'], other.token)).not.toBeNull();
    expect(await tokens.find(['pin'], pin.token)).not.toBeNull();
  });

  it('lists the live sessions of the subjects asked for, newest first', async () => {
    const old = await tokens.issue('client', 'c1');
    clock.advance(1000);
    const pin = await tokens.issue('pin', 'd1');
    clock.advance(1000);
    const revoked = await tokens.issue('client', 'c1');
    await tokens.revoke(revoked.session.id);
    await tokens.issue('client', 'c2');
    await tokens.issue('pin', 'd2');
    const list = await tokens.listFor([
      { kind: 'client', subjectIds: ['c1'] },
      { kind: 'pin', subjectIds: ['d1'] },
    ]);
    expect(list.map((s) => s.id)).toEqual([pin.session.id, old.session.id]);
    expect(await tokens.listFor([{ kind: 'pin', subjectIds: [] }])).toEqual([]);
    clock.advance(31 * MINUTE);
    expect(await tokens.listFor([{ kind: 'client', subjectIds: ['c1'] }])).toEqual([]);
  });

  it('deletes sessions past their absolute expiry, a batch at a time', async () => {
    await tokens.issue('pin', 'd1');
    await tokens.issue('pin', 'd2');
    const staff = await tokens.issue('staff', 's1');
    const later = new Date(clock.now().getTime() + 3 * HOUR);
    expect(await tokens.deleteExpired(later, 1)).toBe(1);
    expect(await tokens.deleteExpired(later, 10)).toBe(1);
    expect(await tokens.deleteExpired(later, 10)).toBe(0);
    expect((await dataSource.getRepository(Session).find()).map((s) => s.id)).toEqual([
      staff.session.id,
    ]);
  });
});
