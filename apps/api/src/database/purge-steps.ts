import { Injectable } from '@nestjs/common';

const DAY_MS = 86_400_000;

/**
 * A table's retention delete (issue 12), registered by the module that owns the table and run by
 * the purge job (links/purge.job.ts) on its leased tick and by `npm run purge`. The purge job
 * sits below the owners (notifications/, webhooks/) in the layer map, so they plug in here
 * instead of being imported.
 */
export interface PurgeStep {
  /** How the step is named in the purge's log line, e.g. "activityEvents". */
  name: string;
  /**
   * Deletes at most `size` rows past their retention at `now`, in one short statement on an
   * indexed column; returns how many went (fewer than `size`: nothing is left).
   */
  deleteBatch(now: Date, size: number): Promise<number>;
}

@Injectable()
export class PurgeSteps {
  private readonly steps = new Map<string, PurgeStep>();

  register(step: PurgeStep): void {
    this.steps.set(step.name, step);
  }

  /** A step that deletes what is older than `days()` days at the purge's `now`. */
  registerAge(
    name: string,
    days: () => number,
    deleteBefore: (cutoff: Date, size: number) => Promise<number>,
  ): void {
    this.register({
      name,
      deleteBatch: (now, size) => deleteBefore(new Date(now.getTime() - days() * DAY_MS), size),
    });
  }

  list(): PurgeStep[] {
    return [...this.steps.values()];
  }
}
