import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsObject,
  IsIn,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import type { CreateRequestItem, CreateTaskRequest, RequestKind } from '@app/contracts';
import { DateOnlyField, trimmed } from '../../common/dto-fields';
import { SafeText } from '../../common/text-rules';
import { ReminderSettingsDto } from './reminder-settings.dto';

export const REQUEST_KINDS: RequestKind[] = ['question', 'document', 'confirmation'];

export class CreateRequestItemDto implements CreateRequestItem {
  @ApiProperty({ enum: REQUEST_KINDS })
  @IsIn(REQUEST_KINDS, { message: `kind must be one of ${REQUEST_KINDS.join(', ')}` })
  kind!: RequestKind;

  @ApiProperty({ example: 'Please upload a signed copy of the power of attorney.' })
  @Transform(trimmed)
  @IsString()
  @SafeText({ multiline: true })
  @Length(1, 2000)
  prompt!: string;
}

export class CreateTaskDto implements CreateTaskRequest {
  @ApiProperty({ example: 'Trademark filing: ACME in class 25' })
  @Transform(trimmed)
  @IsString()
  @SafeText({ shownToOthers: true })
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @SafeText({ multiline: true })
  @Length(0, 5000)
  description?: string;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @DateOnlyField('dueDate')
  dueDate?: string;

  @ApiPropertyOptional({
    description:
      'A statutory deadline (e.g. an office-action response): reminders come more often and more firmly as the due date nears.',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  statutory?: boolean;

  @ApiPropertyOptional({
    type: ReminderSettingsDto,
    nullable: true,
    description: "This task's reminder settings; absent or null: the firm's default schedule.",
  })
  @IsOptional()
  @IsObject({ message: 'reminders must be an object' })
  @ValidateNested()
  @Type(() => ReminderSettingsDto)
  reminders?: ReminderSettingsDto | null;

  @ApiProperty({ type: [CreateRequestItemDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'requests must hold at least one request' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CreateRequestItemDto)
  requests!: CreateRequestItemDto[];
}
