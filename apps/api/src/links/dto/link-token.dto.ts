import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import type { LinkTokenRequest } from '@app/contracts';
import { TOKEN_PATTERN } from '../../common/crypto';

export class LinkTokenDto implements LinkTokenRequest {
  @ApiProperty({ description: 'The token from the link /l/<token> (43 base64url characters).' })
  @IsString()
  @Matches(TOKEN_PATTERN, {
    message: 'token is not a valid link token; open the whole link from your e-mail',
  })
  token!: string;
}
