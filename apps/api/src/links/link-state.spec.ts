import type { LinkState } from '@app/contracts';
import type { Link } from './link.entity';
import { clientLinkState, linkState } from './link-state';

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
  boundToHash: null,
  codeHash: null,
  codeExpiresAt: null,
  codeAttempts: 0,
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

describe('clientLinkState, as the link page shows it', () => {
  const used = { usedAt: now, usedByDeviceId: 'dev' };
  const accessPastHour = { kind: 'access' as const, redeemBy: now };
  it.each<[string, Partial<Link>, boolean, LinkState]>([
    ['unused, to any browser', {}, false, 'ready'],
    ['unused, to the browser already holding its tasks', {}, true, 'trusted'],
    ['used, to the browser that holds its tasks', used, true, 'trusted'],
    ['used, to another browser', used, false, 'declined'],
    ['an access link past its hour, unused', accessPastHour, false, 'expired'],
    [
      'an access link past its hour, to the browser holding the tasks',
      accessPastHour,
      true,
      'trusted',
    ],
    [
      'used and past its hour, to another browser',
      { ...accessPastHour, ...used },
      false,
      'declined',
    ],
    [
      'past its 30 days, even to the browser holding the tasks',
      { expiresAt: now },
      true,
      'expired',
    ],
    [
      'superseded, even to the browser holding the tasks',
      { revokedAt: now, revokeReason: 'superseded' },
      true,
      'expired',
    ],
    ['revoked before reasons were kept', { revokedAt: now }, true, 'expired'],
    [
      'withdrawn by staff, even to the browser that used it',
      { ...used, revokedAt: now, revokeReason: 'staff' },
      true,
      'withdrawn',
    ],
    [
      'withdrawn by staff and past its 30 days',
      { expiresAt: now, revokedAt: now, revokeReason: 'staff' },
      false,
      'withdrawn',
    ],
  ])('%s', (_, change, holds, expected) => {
    expect(clientLinkState({ ...base, ...change }, now, holds)).toBe(expected);
  });
});
