import type { Link } from './link.entity';
import { linkState } from './admin-links.service';

const now = new Date('2026-11-25T12:00:00Z');
const base: Link = {
  id: 'l1',
  tokenHash: 'h',
  kind: 'dispatch',
  clientId: 'c1',
  dispatchId: 'd1',
  createdAt: new Date('2026-11-20T12:00:00Z'),
  redeemBy: new Date('2026-12-20T12:00:00Z'),
  expiresAt: new Date('2026-12-20T12:00:00Z'),
  usedAt: null,
  usedByDeviceId: null,
  revokedAt: null,
  revokeReason: null,
};

describe('linkState, as staff see it', () => {
  it.each<[string, Partial<Link>, ReturnType<typeof linkState>]>([
    ['unused', {}, 'ready'],
    ['used', { usedAt: now, usedByDeviceId: 'dev' }, 'used'],
    ['past its 30 days', { expiresAt: now }, 'expired'],
    ['an access link past its hour, unused', { kind: 'access', redeemBy: now }, 'expired'],
    [
      'replaced by a newer access link',
      { revokedAt: now, revokeReason: 'superseded' },
      'superseded',
    ],
    [
      'withdrawn by staff, even if used',
      { usedAt: now, revokedAt: now, revokeReason: 'staff' },
      'withdrawn',
    ],
  ])('%s', (_, change, expected) => {
    expect(linkState({ ...base, ...change }, now)).toBe(expected);
  });
});
