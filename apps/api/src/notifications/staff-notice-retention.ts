import { Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { In, LessThan, Repository } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PurgeSteps } from '../database/purge-steps';
import { StaffNotice } from './staff-notice.entity';

/**
 * Retention of staff notices (issue 12): a notice mailed (or dropped, notices off) more than
 * STAFF_NOTICE_RETENTION_DAYS ago is deleted by the purge; a notice still waiting for its batch
 * (mailedAt null) never is. Read through ix_staff_notices_pending (mailed_at, created_at).
 * Its own small module so `npm run purge` needs none of the notification job's wiring.
 */
@Injectable()
export class StaffNoticeRetention implements OnModuleInit {
  constructor(
    @InjectRepository(StaffNotice) private readonly notices: Repository<StaffNotice>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly purgeSteps: PurgeSteps,
  ) {}

  onModuleInit(): void {
    this.purgeSteps.registerAge(
      'staffNotices',
      () => this.config.retention.staffNoticeDays,
      (cutoff, size) => this.deleteMailedBefore(cutoff, size),
    );
  }

  async deleteMailedBefore(cutoff: Date, size: number): Promise<number> {
    const ids = (
      await this.notices.find({
        select: { id: true },
        // LessThan never matches NULL: waiting notices stay.
        where: { mailedAt: LessThan(cutoff) },
        order: { mailedAt: 'ASC' },
        take: size,
      })
    ).map((n) => n.id);
    if (ids.length === 0) return 0;
    return (await this.notices.delete({ id: In(ids) })).affected ?? ids.length;
  }
}

@Module({
  imports: [TypeOrmModule.forFeature([StaffNotice])],
  providers: [StaffNoticeRetention],
})
export class StaffNoticeRetentionModule {}
