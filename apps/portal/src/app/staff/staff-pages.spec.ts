import type { InboxItem } from '@app/contracts';
import { INBOX_TABS, newsBadges, stateText } from './inbox.component';
import { LINK_STATE_TEXT, TASK_STATUS_TEXT } from './client-page.component';
import { STAFF_NAV } from './staff-shell.component';
import { SHELL_PAGES } from './staff.routes';
import { ADMIN_ROUTES } from './admin/admin.routes';
import { afterSignIn } from './staff-sign-in.component';
import { dueText, shortTime } from './staff-format';

const item = (change: Partial<InboxItem> = {}): InboxItem => ({
  taskId: 't1',
  reference: 'T-1',
  title: 'Filing',
  status: 'open',
  dueDate: null,
  client: { id: 'c1', name: 'Jane', email: 'j@example.com' },
  owner: null,
  dispatchedAt: '2026-11-01T10:00:00.000Z',
  openedAt: null,
  news: { answers: 0, documents: 0, messages: 0, declined: 0 },
  lastClientActivityAt: null,
  needsFirm: false,
  overdue: false,
  unread: false,
  seenAt: null,
  ...change,
});

describe('staff workspace pages', () => {
  it('after sign-in goes back to a workspace page only, never elsewhere or to sign-in', () => {
    expect(afterSignIn('/staff/clients/abc?task=1')).toBe('/staff/clients/abc?task=1');
    expect(afterSignIn(null)).toBe('/staff/inbox');
    expect(afterSignIn('https://evil.example/staff/x')).toBe('/staff/inbox');
    expect(afterSignIn('//evil.example/staff')).toBe('/staff/inbox');
    expect(afterSignIn('/tasks')).toBe('/staff/inbox');
    expect(afterSignIn('/staff/sign-in')).toBe('/staff/inbox');
  });

  it('the navigation links only to pages that exist', () => {
    const admin = ADMIN_ROUTES.flatMap((r) => [r, ...(r.children ?? [])]).map(
      (r) => `/staff/admin/${r.path}`,
    );
    const paths = [...SHELL_PAGES.map((r) => `/staff/${r.path}`), ...admin];
    for (const link of STAFF_NAV) expect(paths).toContain(link.path);
  });

  it('words a task state and what is new', () => {
    expect(stateText(item())).toBe('Sent, not opened');
    expect(stateText(item({ openedAt: '2026-11-02T10:00:00.000Z' }))).toBe('Opened, in progress');
    expect(stateText(item({ status: 'completed', needsFirm: true }))).toBe('Needs the firm');
    expect(stateText(item({ status: 'completed' }))).toBe('Completed');
    expect(stateText(item({ status: 'cancelled', needsFirm: true }))).toBe('Withdrawn');
    expect(
      newsBadges(item({ news: { answers: 2, documents: 1, messages: 0, declined: 1 } })),
    ).toEqual(['Declined confirmation', '2 new answers', 'New document']);
    expect(newsBadges(item())).toEqual([]);
  });

  it('has a tab per view and words for every link and task state', () => {
    expect(INBOX_TABS.map((t) => t.view)).toEqual(
      expect.arrayContaining(['needs_firm', 'unread', 'overdue', 'waiting', 'not_opened', 'all']),
    );
    expect(Object.keys(LINK_STATE_TEXT).sort()).toEqual(
      ['expired', 'ready', 'superseded', 'used', 'withdrawn'].sort(),
    );
    expect(TASK_STATUS_TEXT.cancelled).toBe('Withdrawn');
  });

  it('formats times and due dates, with a dash or words when missing', () => {
    expect(shortTime(null)).toBe('—');
    expect(shortTime('nonsense')).toBe('—');
    expect(shortTime('2026-11-26T14:05:00.000Z')).toMatch(/2026/);
    expect(dueText(null)).toBe('no due date');
    expect(dueText('2026-12-03')).toBe('3 Dec 2026');
  });
});
