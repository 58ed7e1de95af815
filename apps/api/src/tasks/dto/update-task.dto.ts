import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsObject,
  IsString,
  Length,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { UpdateTaskRequest } from '@app/contracts';
import { DateOnlyField, trimmed } from '../../common/dto-fields';
import { CreateRequestItemDto } from './create-task.dto';
import { ReminderSettingsDto } from './reminder-settings.dto';
import { SafeText } from '../../common/text-rules';

export class UpdateTaskDto implements UpdateTaskRequest {
  @ApiPropertyOptional()
  // Absent: unchanged; null is refused (no such state).
  @ValidateIf((_, v) => v !== undefined)
  @Transform(trimmed)
  @IsString()
  @SafeText({ shownToOthers: true })
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Transform(trimmed)
  @IsString()
  @SafeText({ multiline: true })
  @Length(0, 5000)
  description?: string | null;

  @ApiPropertyOptional({ example: '2026-12-31', nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @DateOnlyField('dueDate')
  dueDate?: string | null;

  @ApiPropertyOptional({ description: 'A statutory deadline: firmer, more frequent reminders.' })
  // Absent: unchanged; null is refused (no such state).
  @ValidateIf((_, v) => v !== undefined)
  @IsBoolean({ message: 'statutory must be true or false' })
  statutory?: boolean;

  @ApiPropertyOptional({
    type: ReminderSettingsDto,
    nullable: true,
    description: "This task's reminder settings; null goes back to the firm's default schedule.",
  })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsObject({ message: 'reminders must be an object' })
  @ValidateNested()
  @Type(() => ReminderSettingsDto)
  reminders?: ReminderSettingsDto | null;

  @ApiPropertyOptional({ type: [CreateRequestItemDto] })
  // Absent: unchanged; null is refused (no such state).
  @ValidateIf((_, v) => v !== undefined)
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CreateRequestItemDto)
  addRequests?: CreateRequestItemDto[];
}
