import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { PASSWORD_MAX, PASSWORD_MIN } from './password-policy';
import { IsEmailAddress, SafeText } from './text-rules';

/**
 * Field rules that several request bodies share, so a rule (and its message) is written once.
 * Each DTO still says whether the field is optional and how it appears in the OpenAPI document.
 */
export const trimmed = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

export const trimmedLower = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export const USERNAME_PATTERN = /^[a-z0-9._-]{3,64}$/;

/** An e-mail address, compared and stored trimmed and lower-case (the order email rule). */
export const EmailField = (): PropertyDecorator =>
  applyDecorators(
    Transform(trimmedLower),
    IsString(),
    MaxLength(320),
    IsEmailAddress({ message: 'email must be a valid e-mail address' }),
  );

export const UsernameField = (): PropertyDecorator =>
  applyDecorators(
    Transform(trimmedLower),
    IsString(),
    Matches(USERNAME_PATTERN, {
      message: 'username must be 3 to 64 letters, digits, dots, dashes or underscores',
    }),
  );

/** A new password's length (SPEC rule 15); the common-password check runs in the service. */
export const NewPasswordField = (): PropertyDecorator =>
  applyDecorators(
    IsString(),
    SafeText(),
    Length(PASSWORD_MIN, PASSWORD_MAX, {
      message: `password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters long`,
    }),
  );

/** A calendar date, YYYY-MM-DD. */
export const DateOnlyField = (name: string): PropertyDecorator =>
  Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, {
    message: `${name} must be a date like 2026-12-31`,
  });

/**
 * A paging offset from the query string: a whole number a database accepts. Without the upper
 * bound, `offset=1e300` passes IsInt and MariaDB refuses the OFFSET (a 500).
 */
export const OffsetField = (): PropertyDecorator =>
  applyDecorators(
    Type(() => Number),
    IsInt({ message: 'offset must be a whole number' }),
    Min(0, { message: 'offset must be 0 or more' }),
    Max(Number.MAX_SAFE_INTEGER, {
      message: `offset must be at most ${Number.MAX_SAFE_INTEGER}`,
    }),
  );
