import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { SnakeNamingStrategy } from '../database/snake-naming.strategy';
import { AuthAttempt } from './auth-attempt.entity';
import { AttemptLimit, ClaimResult, FailureThrottle } from './failure-throttle.service';

// The rules of the attempt slots, on a real in-memory SQLite table (the e2e suites run the same
// code on MariaDB through the HTTP routes, parallel requests included).
describe('FailureThrottle', () => {
  let db: DataSource;
  let clock: Clock;
  let throttle: FailureThrottle;
  const MINUTE = 60_000;
  const sliding: AttemptLimit = {
    scope: 'login_account',
    key: 'sam',
    max: 5,
    windowMs: 15 * MINUTE,
  };
  const lockout: AttemptLimit = { ...sliding, scope: 'pin_reference', key: 'T-1', mode: 'lockout' };

  beforeEach(async () => {
    db = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [AuthAttempt],
      namingStrategy: new SnakeNamingStrategy(),
      synchronize: true,
    });
    await db.initialize();
    clock = new Clock();
    throttle = new FailureThrottle(db.getRepository(AuthAttempt), clock);
  });
  afterEach(() => db.destroy());

  /** A refusal naming the wait given; the real time the test itself takes may shave a second. */
  const expectWait = (result: ClaimResult, seconds: number): void => {
    expect(result.ok).toBe(false);
    const wait = result.ok ? 0 : result.retryAfterSeconds;
    expect(wait).toBeLessThanOrEqual(seconds);
    expect(wait).toBeGreaterThanOrEqual(seconds - 2);
  };
  const claims = async (limit: AttemptLimit, n: number): Promise<boolean[]> => {
    const out: boolean[] = [];
    for (let i = 0; i < n; i++) out.push((await throttle.claim([limit])).ok);
    return out;
  };

  it('sliding: the 6th attempt in the window is refused until the oldest leaves it', async () => {
    expect(await claims(sliding, 5)).toEqual([true, true, true, true, true]);
    clock.advance(5 * MINUTE);
    expectWait(await throttle.claim([sliding]), 10 * 60);
    clock.advance(10 * MINUTE + 1000);
    expect(await claims(sliding, 6)).toEqual([true, true, true, true, true, false]);
  });

  it('a released claim counts no more; clear forgets the key', async () => {
    const first = await throttle.claim([sliding]);
    await claims(sliding, 4);
    expect((await throttle.claim([sliding])).ok).toBe(false);
    if (!first.ok) throw new Error('first claim refused');
    await throttle.release(first.claims[0]);
    expect((await throttle.claim([sliding])).ok).toBe(true);
    await throttle.clear(sliding);
    expect(await throttle.count(sliding)).toBe(0);
  });

  it('claims under every limit or none, answering the longest wait', async () => {
    const address: AttemptLimit = { ...sliding, scope: 'login_address', key: '192.0.2.1', max: 2 };
    await claims(address, 2);
    clock.advance(MINUTE);
    expectWait(await throttle.claim([sliding, address]), 14 * 60);
    expect(await throttle.count(sliding)).toBe(0); // the account's claim was given back
  });

  it('lockout: counts never expire by themselves; the lock runs from lock() and ends in a fresh count', async () => {
    await claims(lockout, 4);
    clock.advance(60 * MINUTE);
    expect((await throttle.claim([lockout])).ok).toBe(true);
    expect(await throttle.count(lockout)).toBe(5);
    clock.advance(MINUTE);
    await throttle.lock(lockout);
    expectWait(await throttle.claim([lockout]), 15 * 60);
    clock.advance(15 * MINUTE - 1000);
    expect((await throttle.claim([lockout])).ok).toBe(false);
    clock.advance(1000);
    expect(await claims(lockout, 6)).toEqual([true, true, true, true, true, false]);
  });

  it('parallel claims never exceed the limit', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => throttle.claim([sliding])));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    const locked = await Promise.all(Array.from({ length: 20 }, () => throttle.claim([lockout])));
    expect(locked.filter((r) => r.ok)).toHaveLength(5);
  });
});
