import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { ConfirmationDecision, SaveDraftRequest, SubmitRequestBody } from '@app/contracts';
import { SafeText } from '../../common/text-rules';

export const ANSWER_MAX = 10_000;

export class SaveDraftDto implements SaveDraftRequest {
  @ApiProperty({ description: 'The answer so far; may be empty.', maxLength: ANSWER_MAX })
  @IsString()
  @SafeText({ multiline: true })
  @MaxLength(ANSWER_MAX)
  text!: string;
}

/** Which fields a kind needs is checked by AnswersService (422 naming the field). */
export class SubmitRequestDto implements SubmitRequestBody {
  @ApiPropertyOptional({ description: 'Questions: the answer.', maxLength: ANSWER_MAX })
  @IsOptional()
  @IsString()
  @SafeText({ multiline: true })
  @MaxLength(ANSWER_MAX)
  text?: string;

  @ApiPropertyOptional({ enum: ['approved', 'declined'], description: 'Confirmations.' })
  @IsOptional()
  @IsIn(['approved', 'declined'], { message: 'decision must be approved or declined' })
  decision?: ConfirmationDecision;

  @ApiPropertyOptional({ description: 'Confirmations: why, when declining.', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @SafeText({ multiline: true })
  @MaxLength(2000)
  reason?: string;
}
