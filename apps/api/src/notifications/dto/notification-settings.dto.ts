import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { StaffNotifyMode, UpdateNotificationSettingsRequest } from '@app/contracts';

const MODES: StaffNotifyMode[] = ['immediate', 'batched', 'off'];

export class UpdateNotificationSettingsDto implements UpdateNotificationSettingsRequest {
  @ApiProperty({
    enum: MODES,
    description:
      'immediate: a mail as soon as the job runs; batched: at most one mail per window; off: none.',
  })
  @IsIn(MODES, { message: 'mode must be immediate, batched or off' })
  mode!: StaffNotifyMode;
}
