import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, ValidateIf } from 'class-validator';
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
  // Absent: unchanged; null is refused (no such state).
  @ValidateIf((_, v) => v !== undefined)
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

  @ApiPropertyOptional({
    description:
      'true disables the user: no sign-in, their sessions end and their integration tokens stop (never yourself, never the last active admin); false enables them again.',
  })
  // Absent: unchanged; null is refused (no such state).
  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean({ message: 'disabled must be true or false' })
  disabled?: boolean;
}
