import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import type { UpdateClientRequest } from '@app/contracts';

export class UpdateClientDto implements UpdateClientRequest {
  @ApiPropertyOptional({ description: 'The order email; stored trimmed and lower-case.' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString()
  @MaxLength(320)
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
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
