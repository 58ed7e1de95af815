import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsISO8601, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import type { CreateClientRequest } from '@app/contracts';

const trimmed = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

export class CreateClientDto implements CreateClientRequest {
  @ApiProperty({
    example: 'jane@example.com',
    description: 'The order email; stored trimmed and lower-case.',
  })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString()
  @MaxLength(320)
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  email!: string;

  @ApiProperty({ example: 'Jane Doe' })
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({
    example: '2026-01-01T00:00:00Z',
    description: 'Unique links from this moment on; omit for now.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'portalEnabledFrom must be an ISO 8601 date' })
  portalEnabledFrom?: string;
}
