import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import type {
  CreateWebhookRequest,
  UpdateWebhookRequest,
  WebhookDeliveryStatus,
  WebhookEventType,
} from '@app/contracts';
import { trimmed } from '../../common/dto-fields';
import { PageQueryDto } from '../../common/page-query.dto';
import { SafeText } from '../../common/text-rules';
import { ACTIVITY_TYPES } from '../../events/activity-event.entity';

const EVENTS = [...ACTIVITY_TYPES] as WebhookEventType[];
const EVENTS_MESSAGE = `each event must be one of ${EVENTS.join(', ')}`;

export class CreateWebhookDto implements CreateWebhookRequest {
  @ApiProperty({ example: 'https://practice.example.com/hooks/portal', maxLength: 2048 })
  @Transform(trimmed)
  @IsString()
  @SafeText()
  @MaxLength(2048)
  url!: string;

  @ApiProperty({ enum: EVENTS, isArray: true, example: ['request.answered'] })
  @IsArray()
  @ArrayMinSize(1, { message: 'events must name at least one event' })
  @ArrayMaxSize(EVENTS.length)
  @ArrayUnique()
  @IsIn(EVENTS, { each: true, message: EVENTS_MESSAGE })
  events!: WebhookEventType[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ maxLength: 200, example: 'Docketing system' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @SafeText()
  @MaxLength(200)
  description?: string;
}

export class UpdateWebhookDto implements UpdateWebhookRequest {
  @ApiPropertyOptional({ maxLength: 2048 })
  // Absent: unchanged; null is refused (no such state).
  @ValidateIf((_, v) => v !== undefined)
  @Transform(trimmed)
  @IsString()
  @SafeText()
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ enum: EVENTS, isArray: true })
  // Absent: unchanged; null is refused (no such state).
  @ValidateIf((_, v) => v !== undefined)
  @IsArray()
  @ArrayMinSize(1, { message: 'events must name at least one event' })
  @ArrayMaxSize(EVENTS.length)
  @ArrayUnique()
  @IsIn(EVENTS, { each: true, message: EVENTS_MESSAGE })
  events?: WebhookEventType[];

  @ApiPropertyOptional()
  // Absent: unchanged; null is refused (no such state).
  @ValidateIf((_, v) => v !== undefined)
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @SafeText()
  @MaxLength(200)
  description?: string;
}

const STATUSES: WebhookDeliveryStatus[] = ['pending', 'delivered', 'failed'];

export class DeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES, { message: 'status must be pending, delivered or failed' })
  status?: WebhookDeliveryStatus;
}
