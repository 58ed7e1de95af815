import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { StaffLoginRequest } from '@app/contracts';
import { SafeText } from '../../common/text-rules';

export class StaffLoginDto implements StaffLoginRequest {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @SafeText()
  @Length(1, 100)
  username!: string;

  @ApiProperty({ example: 'a long pass phrase' })
  @IsString()
  @SafeText()
  @Length(1, 128)
  password!: string;
}
