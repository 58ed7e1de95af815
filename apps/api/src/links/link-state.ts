import type { AdminLinkView, LinkState } from '@app/contracts';
import type { Link } from './link.entity';

/** The columns a link's state depends on. */
export type LinkTimes = Pick<
  Link,
  'revokeReason' | 'revokedAt' | 'expiresAt' | 'usedAt' | 'redeemBy'
>;

/**
 * A link's state from its own columns, as staff see it: withdrawn by the firm, superseded by a
 * newer access link, expired (past its 30 days, or an access link left unused past its hour),
 * used, or ready. Pure: the same link at the same time always has the same state.
 */
export function linkState(link: LinkTimes, now: Date): AdminLinkView['state'] {
  if (link.revokeReason === 'staff') return 'withdrawn';
  if (link.revokeReason === 'superseded') return 'superseded';
  if (now >= link.expiresAt) return 'expired';
  if (link.usedAt) return 'used';
  return now >= link.redeemBy ? 'expired' : 'ready';
}

/**
 * What the link page shows (SPEC rules 3-5), from `linkState` and one fact about the browser
 * asking: whether it may open the link's dispatch now. A link that has ended for good (withdrawn,
 * replaced, past its 30 days) says so even to that browser; otherwise the browser holding the
 * tasks is "trusted", and a link used by another browser is "declined".
 */
export function clientLinkState(link: LinkTimes, now: Date, holdsDispatch: boolean): LinkState {
  const state = linkState(link, now);
  if (state === 'withdrawn') return 'withdrawn';
  if (state === 'superseded' || link.revokedAt || now >= link.expiresAt) return 'expired';
  if (holdsDispatch) return 'trusted';
  return state === 'used' ? 'declined' : state;
}
