import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import type { CreateTaskTemplateRequest, UpdateTaskTemplateRequest } from '@app/contracts';
import { trimmed } from '../../common/dto-fields';
import { SafeText } from '../../common/text-rules';
import { CreateRequestItemDto } from '../../tasks/dto/create-task.dto';

/**
 * A template keeps its requests as one JSON text (task_templates.requests, TEXT: 65,535 bytes on
 * MariaDB). 50 prompts of 2,000 characters did not fit and the insert failed with a 500. At most
 * 3 UTF-8 bytes per character plus the JSON around 50 requests stays under the column's size.
 */
export const TEMPLATE_PROMPTS_MAX = 20_000;

const PromptsFit = (): PropertyDecorator =>
  ValidateBy({
    name: 'templatePromptsFit',
    validator: {
      validate: (value: unknown): boolean =>
        !Array.isArray(value) ||
        value.reduce<number>(
          (sum, r: { prompt?: unknown }) =>
            sum + (typeof r?.prompt === 'string' ? r.prompt.length : 0),
          0,
        ) <= TEMPLATE_PROMPTS_MAX,
      defaultMessage: () => 'The requests of a template may hold at most 20,000 characters in all.',
    },
  });

export class CreateTaskTemplateDto implements CreateTaskTemplateRequest {
  @ApiProperty({ example: 'Power of attorney', description: 'Unique name in the library.' })
  @Transform(trimmed)
  @IsString()
  @SafeText()
  @Length(1, 120)
  name!: string;

  @ApiProperty({ example: 'Sign the power of attorney' })
  @Transform(trimmed)
  @IsString()
  @SafeText({ shownToOthers: true })
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @SafeText({ multiline: true })
  @Length(0, 5000)
  description?: string | null;

  @ApiProperty({ type: [CreateRequestItemDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'requests must hold at least one request' })
  @ArrayMaxSize(50)
  @PromptsFit()
  @ValidateNested({ each: true })
  @Type(() => CreateRequestItemDto)
  requests!: CreateRequestItemDto[];

  @ApiPropertyOptional({
    nullable: true,
    minimum: 1,
    maximum: 365,
    description: 'The due date is this many days after the day of sending; null: none.',
  })
  @IsOptional()
  @IsInt({ message: 'dueInDays must be a whole number of days' })
  @Min(1, { message: 'dueInDays must be at least 1' })
  @Max(365, { message: 'dueInDays must be at most 365' })
  dueInDays?: number | null;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  statutory?: boolean;
}

export class UpdateTaskTemplateDto implements UpdateTaskTemplateRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @SafeText()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional()
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
  @PromptsFit()
  @ValidateNested({ each: true })
  @Type(() => CreateRequestItemDto)
  requests?: CreateRequestItemDto[];

  @ApiPropertyOptional({ nullable: true, minimum: 1, maximum: 365 })
  @IsOptional()
  @IsInt({ message: 'dueInDays must be a whole number of days' })
  @Min(1, { message: 'dueInDays must be at least 1' })
  @Max(365, { message: 'dueInDays must be at most 365' })
  dueInDays?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  statutory?: boolean;
}
