import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import type { CreateIntegrationTokenRequest } from '@app/contracts';
import { trimmed } from '../../common/dto-fields';
import { SafeText } from '../../common/text-rules';

export class CreateIntegrationTokenDto implements CreateIntegrationTokenRequest {
  @ApiProperty({ example: 'Docketing system', description: 'Which integration uses it.' })
  @Transform(trimmed)
  @IsString()
  @SafeText({ shownToOthers: true })
  @Length(1, 100, { message: 'name must be 1 to 100 characters long' })
  name!: string;
}
