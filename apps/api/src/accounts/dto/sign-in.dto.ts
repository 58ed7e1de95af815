import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { SignInRequest } from '@app/contracts';
import { SafeText } from '../../common/text-rules';

export class SignInDto implements SignInRequest {
  @ApiProperty({ example: 'jane.doe', description: 'Username or order email.' })
  @IsString()
  @SafeText()
  @Length(1, 320)
  username!: string;

  @ApiProperty()
  @IsString()
  @SafeText()
  @Length(1, 128, { message: 'password must be 1 to 128 characters long' })
  password!: string;
}
