import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { StaffLoginRequest } from '@app/contracts';

export class StaffLoginDto implements StaffLoginRequest {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @Length(1, 100)
  username!: string;

  @ApiProperty({ example: 'a long pass phrase' })
  @IsString()
  @Length(1, 128)
  password!: string;
}
