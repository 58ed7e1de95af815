import type { AppConfig } from '../config/app-config';
import type { AttemptLimit } from './failure-throttle.service';

/**
 * The two limits every password sign-in claims an attempt under before the password is checked:
 * per account name (as typed, trimmed and lower-cased, so unknown names count the same) and per
 * network address. Defaults: 5 and 20 in 15 minutes.
 */
export function signInLimits(
  kind: 'login' | 'staff',
  config: AppConfig,
  name: string,
  address: string,
): AttemptLimit[] {
  const windowMs = config.signIn.windowMinutes * 60_000;
  return [
    {
      scope: kind === 'login' ? 'login_account' : 'staff_account',
      key: name.trim().toLowerCase(),
      max: config.signIn.maxPerAccount,
      windowMs,
    },
    {
      scope: kind === 'login' ? 'login_address' : 'staff_address',
      key: address,
      max: config.signIn.maxPerAddress,
      windowMs,
    },
  ];
}
