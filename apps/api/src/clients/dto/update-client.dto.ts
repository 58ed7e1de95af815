import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601, IsString, Length, ValidateIf } from 'class-validator';
import type { UpdateClientRequest } from '@app/contracts';
import { EmailField, trimmed } from '../../common/dto-fields';
import { SafeText } from '../../common/text-rules';

export class UpdateClientDto implements UpdateClientRequest {
  @ApiPropertyOptional({ description: 'The order email; stored trimmed and lower-case.' })
  // Absent: unchanged; null is refused (no such state).
  @ValidateIf((_, v) => v !== undefined)
  @EmailField()
  email?: string;

  @ApiPropertyOptional()
  // Absent: unchanged; null is refused (no such state).
  @ValidateIf((_, v) => v !== undefined)
  @Transform(trimmed)
  @IsString()
  @SafeText({ shownToOthers: true })
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({
    example: '2026-01-01T00:00:00Z',
    nullable: true,
    description: 'Unique links for dispatches from this moment on; null: PIN dispatches only.',
  })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsISO8601({ strict: true }, { message: 'portalEnabledFrom must be an ISO 8601 date, or null' })
  portalEnabledFrom?: string | null;
}
