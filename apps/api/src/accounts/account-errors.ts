import {
  ConflictException,
  ForbiddenException,
  UnprocessableEntityException,
} from '@nestjs/common';

// The sign-in answers (sign_in_failed, too_many_attempts) live in auth/sign-in-errors.ts.

export const emailMismatch = (): UnprocessableEntityException =>
  new UnprocessableEntityException({
    error: 'email_mismatch',
    message:
      'Please use the e-mail address you placed your trademark order with: this one is not it.',
    fields: { email: ['must be the e-mail address the order was placed with'] },
  });

export const weakPassword = (reason: string): UnprocessableEntityException =>
  new UnprocessableEntityException({
    error: 'weak_password',
    message: `Please choose another password: ${reason}.`,
    fields: { password: [reason] },
  });

export const accountExists = (): ConflictException =>
  new ConflictException({
    error: 'account_exists',
    message: 'You already have a login. Please log in with it.',
  });

export const usernameTaken = (): ConflictException =>
  new ConflictException({
    error: 'username_taken',
    message: 'This username is taken. Please choose another.',
  });

export const loginRequired = (): ForbiddenException =>
  new ForbiddenException({
    error: 'login_required',
    message: 'Please log in with your username and password to manage devices and sessions.',
  });

export const notFromTrustedLink = (): ForbiddenException =>
  new ForbiddenException({
    error: 'trusted_link_required',
    message: 'A login can only be created from the page of a link your firm e-mailed you.',
  });
