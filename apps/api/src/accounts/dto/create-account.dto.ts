import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, Matches, MaxLength } from 'class-validator';
import type { CreateAccountRequest } from '@app/contracts';
import { PASSWORD_MAX, PASSWORD_MIN } from '../password-policy';

const trimmedLower = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export class CreateAccountDto implements CreateAccountRequest {
  @ApiProperty({ example: 'jane@example.com', description: 'Must be the order email.' })
  @Transform(trimmedLower)
  @IsString()
  @MaxLength(320)
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  email!: string;

  @ApiProperty({
    example: 'jane.doe',
    description: '3-64 letters, digits, dots, dashes, underscores.',
  })
  @Transform(trimmedLower)
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
}
