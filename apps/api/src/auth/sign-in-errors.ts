import { HttpException, HttpStatus, UnauthorizedException } from '@nestjs/common';

/** The answers every password sign-in gives (staff and client logins alike). */
export const signInFailed = (): UnauthorizedException =>
  new UnauthorizedException({
    error: 'sign_in_failed',
    message: 'The username or password is not right.',
  });

export const signInThrottled = (retryAfterSeconds: number): HttpException =>
  new HttpException(
    {
      error: 'too_many_attempts',
      message: `Too many failed sign-ins. Please wait ${waitPhrase(retryAfterSeconds)} and try again.`,
      retryAfterSeconds,
    },
    HttpStatus.TOO_MANY_REQUESTS,
  );

/** "1 second", "40 seconds", "3 minutes": how long to wait, for the error messages. */
export function waitPhrase(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
