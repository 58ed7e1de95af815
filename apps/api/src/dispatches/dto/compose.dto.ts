import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { BULK_MAX_ROWS, type BulkDispatchRequest, type ComposeTaskRequest } from '@app/contracts';
import { DateOnlyField, trimmed } from '../../common/dto-fields';
import { SafeText } from '../../common/text-rules';
import { CreateRequestItemDto } from '../../tasks/dto/create-task.dto';
import { ReminderSettingsDto } from '../../tasks/dto/reminder-settings.dto';

export class ComposeTaskDto implements ComposeTaskRequest {
  @ApiPropertyOptional({ description: 'Compose from this template; the fields given override it.' })
  @IsOptional()
  @IsUUID('all', { message: 'templateId must be a template id' })
  templateId?: string;

  @ApiPropertyOptional({ example: 'Sign the power of attorney' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @SafeText({ shownToOthers: true })
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @SafeText({ multiline: true })
  @Length(0, 5000)
  description?: string | null;

  @ApiPropertyOptional({ type: [CreateRequestItemDto] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: 'requests must hold at least one request' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CreateRequestItemDto)
  requests?: CreateRequestItemDto[];

  @ApiPropertyOptional({
    example: '2026-12-31',
    nullable: true,
    description: "Absent: the template's due-in-days from today (the firm's date); null: none.",
  })
  @IsOptional()
  @DateOnlyField('dueDate')
  dueDate?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  statutory?: boolean;

  @ApiPropertyOptional({ type: ReminderSettingsDto, nullable: true })
  @IsOptional()
  @IsObject({ message: 'reminders must be an object' })
  @ValidateNested()
  @Type(() => ReminderSettingsDto)
  reminders?: ReminderSettingsDto | null;

  @ApiPropertyOptional({ description: 'The staff user who owns the task; default the caller.' })
  @IsOptional()
  @IsUUID('all', { message: 'ownerStaffId must be a staff user id' })
  ownerStaffId?: string;
}

export class BulkDispatchDto implements BulkDispatchRequest {
  @ApiProperty({ description: 'The template sent to every client.' })
  @IsUUID('all', { message: 'templateId must be a template id' })
  templateId!: string;

  @ApiPropertyOptional({ type: [String], maxItems: BULK_MAX_ROWS })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: 'clientIds must hold at least one client id' })
  @ArrayMaxSize(BULK_MAX_ROWS, {
    message: `clientIds may hold at most ${BULK_MAX_ROWS} clients per request`,
  })
  @ArrayUnique({ message: 'clientIds must not repeat a client' })
  @IsUUID('all', { each: true, message: 'each of clientIds must be a client id' })
  clientIds?: string[];

  @ApiPropertyOptional({
    description: `CSV text, one client per line: email[,name] (a header line "email,name" is allowed); at most ${BULK_MAX_ROWS} rows. A client is found by order email or created (a name is then needed).`,
    example: 'email,name\njane@example.com,Jane Doe\n',
  })
  @IsOptional()
  @IsString()
  @SafeText({ multiline: true })
  @MaxLength(200_000)
  csv?: string;

  @ApiPropertyOptional({ example: '2026-12-31', nullable: true })
  @IsOptional()
  @DateOnlyField('dueDate')
  dueDate?: string | null;

  @ApiPropertyOptional({ description: 'The staff user who owns the tasks; default the caller.' })
  @IsOptional()
  @IsUUID('all', { message: 'ownerStaffId must be a staff user id' })
  ownerStaffId?: string;
}
