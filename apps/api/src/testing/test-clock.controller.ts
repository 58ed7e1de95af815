import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { Public } from '../auth/decorators';
import { Clock } from '../common/clock';
import { JobLeases } from '../database/job-leases.service';

class AdvanceClockDto {
  @IsInt()
  @Min(0)
  @Max(400 * 24 * 3_600_000)
  ms!: number;
}

/**
 * Test-only: lets the browser suite move the server's clock (link expiry) instead of sleeping.
 * Mounted only when TEST_CLOCK=true, which the configuration refuses in production.
 */
@ApiExcludeController()
@Public()
@Controller('test/clock')
export class TestClockController {
  constructor(
    private readonly clock: Clock,
    private readonly leases: JobLeases,
  ) {}

  @Get()
  now(): { now: string; offsetMs: number } {
    return { now: this.clock.now().toISOString(), offsetMs: this.clock.offset };
  }

  @Post('advance')
  @HttpCode(200)
  advance(@Body() body: AdvanceClockDto): { now: string; offsetMs: number } {
    this.clock.advance(body.ms);
    return this.now();
  }

  @Delete()
  @HttpCode(200)
  async reset(): Promise<{ now: string; offsetMs: number }> {
    this.clock.reset();
    // Job leases claimed in the moved time would hold every job until real time caught up.
    await this.leases.releaseClaimsAfter(this.clock.now());
    return this.now();
  }
}
