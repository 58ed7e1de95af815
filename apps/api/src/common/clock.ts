import { Injectable } from '@nestjs/common';

/**
 * The one source of "now" for every rule that involves time (link expiry, throttles, sessions).
 * Tests move it with advance(); production never does (the test-only clock endpoint is refused
 * unless TEST_CLOCK is on, and config refuses TEST_CLOCK in production).
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }

  get offset(): number {
    return this.offsetMs;
  }
}
