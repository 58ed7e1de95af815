import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import type { RequestChangesRequest } from '@app/contracts';
import { trimmed } from '../../common/dto-fields';
import { SafeText } from '../../common/text-rules';

export class RequestChangesDto implements RequestChangesRequest {
  @ApiProperty({
    example: 'The specimen must show the mark on the goods themselves; please upload a photo.',
    description: 'What to change; shown to the client with the request, never in the e-mail.',
  })
  @Transform(trimmed)
  @IsString()
  @SafeText({ multiline: true, shownToOthers: true })
  @Length(1, 2000, { message: 'note must be 1 to 2000 characters' })
  note!: string;
}
