import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';
import type { PinSignInRequest } from '@app/contracts';

export class PinSignInDto implements PinSignInRequest {
  @ApiProperty({ example: 'T-4K7M2Q', description: 'The task reference from the e-mail.' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toUpperCase() : value,
  )
  @IsString()
  @Matches(/^[A-Z0-9-]{3,16}$/, {
    message: 'reference must be the task reference from your e-mail, like T-4K7M2Q',
  })
  reference!: string;

  @ApiProperty({ example: '12345678', description: 'The PIN from the same e-mail.' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.replace(/\s+/g, '') : value,
  )
  @IsString()
  @Matches(/^\d{4,12}$/, { message: 'pin must be the digits from your e-mail' })
  pin!: string;
}
