import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { UpdateTaskRequest } from '@app/contracts';
import { CreateRequestItemDto } from './create-task.dto';

const trimmed = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

export class UpdateTaskDto implements UpdateTaskRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Transform(trimmed)
  @IsString()
  @Length(0, 5000)
  description?: string | null;

  @ApiPropertyOptional({ example: '2026-12-31', nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, {
    message: 'dueDate must be a date like 2026-12-31, or null',
  })
  dueDate?: string | null;

  @ApiPropertyOptional({ type: [CreateRequestItemDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CreateRequestItemDto)
  addRequests?: CreateRequestItemDto[];
}
