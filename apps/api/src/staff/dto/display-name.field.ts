import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { trimmed } from '../../common/dto-fields';
import { SafeText } from '../../common/text-rules';

/** A staff member's display name (issue 12): trimmed, 1 to 100 characters, one plain line. */
export const DisplayNameField = (): PropertyDecorator =>
  applyDecorators(
    Transform(trimmed),
    IsString(),
    SafeText({ shownToOthers: true }),
    Length(1, 100, { message: 'displayName must be 1 to 100 characters long' }),
  );
