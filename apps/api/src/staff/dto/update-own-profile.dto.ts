import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateIf } from 'class-validator';
import type { UpdateOwnStaffProfileRequest } from '@app/contracts';
import { EmailField } from '../../common/dto-fields';
import { DisplayNameField } from './display-name.field';

export class UpdateOwnProfileDto implements UpdateOwnStaffProfileRequest {
  @ApiPropertyOptional({
    example: 'Sam Patel',
    maxLength: 100,
    description: 'The name clients see on your replies.',
  })
  // Absent: unchanged; null is refused (a name cannot be removed).
  @ValidateIf((_, value) => value !== undefined)
  @DisplayNameField()
  displayName?: string;

  @ApiPropertyOptional({
    example: 'sam@firm.example',
    nullable: true,
    description: 'Where notices of client activity go; null removes it.',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @EmailField()
  email?: string | null;
}
