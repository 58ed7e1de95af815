import { TestBed } from '@angular/core/testing';
import { createCountdown, secondsPhrase } from './countdown';

describe('Countdown', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('counts whole seconds down to zero and stops', () => {
    const countdown = TestBed.runInInjectionContext(() => createCountdown());
    countdown.start(3);
    expect(countdown.seconds()).toBe(3);
    expect(countdown.running()).toBe(true);
    jest.advanceTimersByTime(1000);
    expect(countdown.seconds()).toBe(2);
    jest.advanceTimersByTime(2000);
    expect(countdown.seconds()).toBe(0);
    expect(countdown.running()).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('phrases seconds', () => {
    expect(secondsPhrase(1)).toBe('1 second');
    expect(secondsPhrase(12)).toBe('12 seconds');
  });
});
