import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import type { AccessCodeRequest } from '@app/contracts';
import { TOKEN_PATTERN } from '../../common/crypto';
import { ACCESS_CODE_PATTERN } from '../access-code';

export class AccessCodeDto implements AccessCodeRequest {
  @ApiProperty({
    description: 'The token of the link whose page asked for the access link (43 characters).',
  })
  @IsString()
  @Matches(TOKEN_PATTERN, {
    message: 'token is not a valid link token; open the whole link from your e-mail',
  })
  token!: string;

  @ApiProperty({ description: 'The 6-digit code from the access-link e-mail.', example: '123456' })
  @IsString()
  @Matches(ACCESS_CODE_PATTERN, { message: 'code must be the 6 digits from the e-mail' })
  code!: string;
}
