import { ApiProperty } from '@nestjs/swagger';
import type { CreateAccountRequest } from '@app/contracts';
import { EmailField, NewPasswordField, UsernameField } from '../../common/dto-fields';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../common/password-policy';

export class CreateAccountDto implements CreateAccountRequest {
  @ApiProperty({ example: 'jane@example.com', description: 'Must be the order email.' })
  @EmailField()
  email!: string;

  @ApiProperty({
    example: 'jane.doe',
    description: '3-64 letters, digits, dots, dashes, underscores.',
  })
  @UsernameField()
  username!: string;

  @ApiProperty({
    description: `${PASSWORD_MIN} to ${PASSWORD_MAX} characters; not a common password.`,
  })
  @NewPasswordField()
  password!: string;
}
