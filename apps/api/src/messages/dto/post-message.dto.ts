import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import type { PostMessageRequest } from '@app/contracts';
import { SafeText } from '../../common/text-rules';

export class PostMessageDto implements PostMessageRequest {
  @ApiProperty({ example: 'Could you confirm the filing date?', maxLength: 5000 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @SafeText({ multiline: true })
  @Length(1, 5000, { message: 'body must hold a message of 1 to 5000 characters' })
  body!: string;
}
