import { backoffMs, isOutage } from './outbox.worker';

const FIFTEEN_MINUTES = 15 * 60 * 1000;

describe('backoffMs', () => {
  it('waits the base time before the first retry', () => {
    expect(backoffMs(1, 5_000)).toBe(5_000);
    expect(backoffMs(1, 10)).toBe(10);
  });

  it('doubles the wait with each further attempt', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, 5_000))).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000,
    ]);
  });

  it('never waits more than 15 minutes', () => {
    expect(backoffMs(8, 5_000)).toBe(640_000); // 5 s × 2^7, still under the cap
    expect(backoffMs(9, 5_000)).toBe(FIFTEEN_MINUTES);
    expect(backoffMs(100, 5_000)).toBe(FIFTEEN_MINUTES);
    expect(backoffMs(1, 3_600_000)).toBe(FIFTEEN_MINUTES);
  });

  it('grows monotonically up to the cap', () => {
    const waits = Array.from({ length: 20 }, (_, i) => backoffMs(i + 1, 5_000));
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1]);
    expect(Math.max(...waits)).toBe(FIFTEEN_MINUTES);
  });
});

describe('backoffMs with a configured cap', () => {
  it('never waits more than the cap, whatever the attempt', () => {
    expect(backoffMs(1, 5_000, 60_000)).toBe(5_000);
    expect(backoffMs(5, 5_000, 60_000)).toBe(60_000);
    expect(backoffMs(10_000, 5_000, 60_000)).toBe(60_000);
  });
});

describe('isOutage', () => {
  const smtpError = (code: string) => Object.assign(new Error(code), { code });

  it.each(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'EAUTH', 'ECONNREFUSED'])(
    'treats %s (the server cannot be used now) as an outage',
    (code) => expect(isOutage(smtpError(code))).toBe(true),
  );

  it.each(['EENVELOPE', 'EMESSAGE'])(
    'treats %s (the server refused this message) as a fault of the message',
    (code) => expect(isOutage(smtpError(code))).toBe(false),
  );

  it('treats errors without a code (e.g. a payload that does not open) as the message’s', () => {
    expect(isOutage(new Error('Unsupported state or unable to authenticate data'))).toBe(false);
    expect(isOutage(null)).toBe(false);
    expect(isOutage('boom')).toBe(false);
  });
});
