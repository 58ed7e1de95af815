import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import type { CreateStaffRequest, StaffRole } from '@app/contracts';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../accounts/password-policy';

export const STAFF_ROLES: StaffRole[] = ['admin', 'staff'];

export class CreateStaffDto implements CreateStaffRequest {
  @ApiProperty({ example: 'sam' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString()
  @Matches(/^[a-z0-9._-]{3,64}$/, {
    message: 'username must be 3 to 64 letters, digits, dots, dashes or underscores',
  })
  username!: string;

  @ApiProperty({
    description: `${PASSWORD_MIN} to ${PASSWORD_MAX} characters; not a common password.`,
  })
  @IsString()
  @Length(PASSWORD_MIN, PASSWORD_MAX, {
    message: `password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters long`,
  })
  password!: string;

  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES, { message: 'role must be admin or staff' })
  role!: StaffRole;
}
