import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import type { CreateClientRequest } from '@app/contracts';
import { EmailField, trimmed } from '../../common/dto-fields';
import { SafeText } from '../../common/text-rules';

export class CreateClientDto implements CreateClientRequest {
  @ApiProperty({
    example: 'jane@example.com',
    description: 'The order email; stored trimmed and lower-case.',
  })
  @EmailField()
  email!: string;

  @ApiProperty({ example: 'Jane Doe' })
  @Transform(trimmed)
  @IsString()
  @SafeText({ shownToOthers: true })
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
