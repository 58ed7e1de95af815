import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, ValidateIf } from 'class-validator';
import type { CreateStaffRequest, StaffRole } from '@app/contracts';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../common/password-policy';
import { EmailField, NewPasswordField, UsernameField } from '../../common/dto-fields';
import { DisplayNameField } from './display-name.field';

export const STAFF_ROLES: StaffRole[] = ['admin', 'staff'];

export class CreateStaffDto implements CreateStaffRequest {
  @ApiProperty({ example: 'sam' })
  @UsernameField()
  username!: string;

  @ApiProperty({
    description: `${PASSWORD_MIN} to ${PASSWORD_MAX} characters; not a common password.`,
  })
  @NewPasswordField()
  password!: string;

  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES, { message: 'role must be admin or staff' })
  role!: StaffRole;

  @ApiPropertyOptional({
    example: 'sam@firm.example',
    description: 'Where notices of client activity go.',
  })
  @IsOptional()
  @EmailField()
  email?: string;

  @ApiPropertyOptional({
    example: 'Sam Patel',
    maxLength: 100,
    description: 'The name clients see on their replies; default: the username.',
  })
  // Absent: unchanged; null is refused (a name cannot be removed).
  @ValidateIf((_, value) => value !== undefined)
  @DisplayNameField()
  displayName?: string;
}
