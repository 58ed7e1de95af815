import { computed, DestroyRef, inject, signal } from '@angular/core';

/** A seconds countdown as signals; stops itself at zero and when its owner is destroyed. */
export class Countdown {
  private readonly until = signal<number | null>(null);
  private readonly now = signal(Date.now());
  private timer: ReturnType<typeof setInterval> | undefined;

  /** Whole seconds left (0 when idle or finished). */
  readonly seconds = computed(() => {
    const until = this.until();
    return until === null ? 0 : Math.max(0, Math.ceil((until - this.now()) / 1000));
  });
  readonly running = computed(() => this.seconds() > 0);

  start(seconds: number): void {
    this.stop();
    this.now.set(Date.now());
    this.until.set(Date.now() + Math.max(0, seconds) * 1000);
    this.timer = setInterval(() => {
      this.now.set(Date.now());
      if (!this.running()) this.stop();
    }, 1000);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Creates a Countdown tied to the current injection context's lifetime. */
export function createCountdown(): Countdown {
  const countdown = new Countdown();
  inject(DestroyRef).onDestroy(() => countdown.stop());
  return countdown;
}
