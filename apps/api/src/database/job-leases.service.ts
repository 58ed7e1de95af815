import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThan, Repository } from 'typeorm';
import { JobLease } from './job-lease.entity';

/**
 * "Run this tick once across all instances": each scheduled job has a row; an instance may run
 * tick N only if its conditional UPDATE moves last_slot from below N to N (one affected row).
 */
@Injectable()
export class JobLeases {
  constructor(@InjectRepository(JobLease) private readonly leases: Repository<JobLease>) {}

  async claim(name: string, slot: number, holder: string, now: Date): Promise<boolean> {
    await this.ensureRow(name);
    const result = await this.leases.update(
      { name, lastSlot: LessThan(String(slot)) },
      { lastSlot: String(slot), holder, claimedAt: now },
    );
    return result.affected === 1;
  }

  /** Creates the job's row once; an instance racing to create it too is ignored. */
  private async ensureRow(name: string): Promise<void> {
    if (await this.leases.existsBy({ name })) return;
    await this.leases
      .createQueryBuilder()
      .insert()
      .values({ name, lastSlot: '0', holder: null, claimedAt: null })
      .orIgnore()
      .execute();
  }

  /**
   * Test clock only (DELETE /api/test/clock): the clock went back, so claims made in the time it
   * had moved to are released; else each job would wait until real time caught up with its last
   * slot (days, after a suite moved the clock days ahead).
   */
  async releaseClaimsAfter(now: Date): Promise<number> {
    const result = await this.leases.update(
      { claimedAt: MoreThan(now) },
      { lastSlot: '0', holder: null, claimedAt: null },
    );
    return result.affected ?? 0;
  }
}
