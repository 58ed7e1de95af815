import { TestBed } from '@angular/core/testing';
import { createCountdown } from './countdown';

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
});
