import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { CreateStaffRequest, StaffRole } from '@app/contracts';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../common/password-policy';
import { EmailField, NewPasswordField, UsernameField } from '../../common/dto-fields';

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
}
