import { secondsUntilAllowed } from './access-links.service';

const limits = {
  accessLinkMinIntervalSeconds: 60,
  accessLinkMaxPerHour: 5,
  accessLinkMaxPerAddressPerHour: 3,
};
const now = new Date('2026-11-25T12:00:00Z');
const ago = (seconds: number): Date => new Date(now.getTime() - seconds * 1000);

describe('secondsUntilAllowed (SPEC rule 6)', () => {
  it('allows the first send', () => {
    expect(secondsUntilAllowed([], [], limits, now)).toBe(0);
  });

  it('keeps 60 s between sends for a client', () => {
    expect(secondsUntilAllowed([ago(20)], [], limits, now)).toBe(40);
    expect(secondsUntilAllowed([ago(60)], [], limits, now)).toBe(0);
  });

  it('allows 5 an hour per client: the 6th waits until the 5th newest is an hour old', () => {
    const five = [ago(100), ago(200), ago(300), ago(400), ago(500)];
    expect(secondsUntilAllowed(five, [], limits, now)).toBe(3600 - 500);
    expect(secondsUntilAllowed(five.slice(0, 4), [], limits, now)).toBe(0);
  });

  it('limits one network address across clients', () => {
    expect(secondsUntilAllowed([], [ago(10), ago(20), ago(30)], limits, now)).toBe(3600 - 30);
    expect(secondsUntilAllowed([], [ago(10), ago(20)], limits, now)).toBe(0);
  });

  it('answers the longest of the waits that apply', () => {
    const five = [ago(10), ago(200), ago(300), ago(400), ago(500)];
    expect(secondsUntilAllowed(five, [], limits, now)).toBe(3100);
  });
});
