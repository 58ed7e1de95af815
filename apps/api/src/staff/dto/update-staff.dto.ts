import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, ValidateIf } from 'class-validator';
import type { StaffRole, UpdateStaffRequest } from '@app/contracts';
import { EmailField } from '../../common/dto-fields';
import { STAFF_ROLES } from './create-staff.dto';
import { DisplayNameField } from './display-name.field';

export class UpdateStaffDto implements UpdateStaffRequest {
  @ApiPropertyOptional({
    example: 'sam@firm.example',
    nullable: true,
    description: 'Where notices of client activity go; null removes it.',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @EmailField()
  email?: string | null;

  @ApiPropertyOptional({ enum: STAFF_ROLES })
  @IsOptional()
  @IsIn(STAFF_ROLES, { message: 'role must be admin or staff' })
  role?: StaffRole;

  @ApiPropertyOptional({
    example: 'Sam Patel',
    maxLength: 100,
    description: 'The name clients see on their replies.',
  })
  // Absent: unchanged; null is refused (a name cannot be removed).
  @ValidateIf((_, value) => value !== undefined)
  @DisplayNameField()
  displayName?: string;
}
