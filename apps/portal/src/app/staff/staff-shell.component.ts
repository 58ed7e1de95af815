import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { StaffSessionService } from './staff-session.service';

/** One link of the workspace's navigation; `adminOnly` links are hidden from role `staff`. */
export interface StaffNavLink {
  path: string;
  label: string;
  testId: string;
  adminOnly?: boolean;
}

/** The links of the workspace's navigation: only pages that exist (add one with its route). */
export const STAFF_NAV: StaffNavLink[] = [
  { path: '/staff/inbox', label: 'Inbox', testId: 'staff-nav-inbox' },
  { path: '/staff/clients', label: 'Clients', testId: 'staff-nav-clients' },
  { path: '/staff/compose', label: 'Compose', testId: 'staff-nav-compose' },
  { path: '/staff/templates', label: 'Templates', testId: 'staff-nav-templates' },
  { path: '/staff/bulk', label: 'Bulk send', testId: 'staff-nav-bulk' },
  { path: '/staff/settings', label: 'My settings', testId: 'staff-nav-settings' },
  {
    path: '/staff/admin/staff',
    label: 'Staff users',
    testId: 'staff-nav-admin-staff',
    adminOnly: true,
  },
  {
    path: '/staff/admin/integrations',
    label: 'Integrations',
    testId: 'staff-nav-admin-integrations',
    adminOnly: true,
  },
  {
    path: '/staff/admin/webhooks',
    label: 'Webhooks',
    testId: 'staff-nav-admin-webhooks',
    adminOnly: true,
  },
];

/** The staff workspace's frame: the firm's name, who is signed in, navigation, sign-out. */
@Component({
  selector: 'cp-staff-shell',
  imports: [RouterLink, RouterLinkActive, RouterOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .staff-bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem 1rem;
      margin-bottom: 1rem;
      padding-bottom: 0.75rem;
      border-bottom: 1px solid var(--color-border);
    }
    .firm {
      margin: 0;
      font-weight: 700;
      color: var(--color-primary);
    }
    .who {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 0.75rem;
      margin: 0;
      color: var(--color-muted);
    }
    nav ul {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      margin: 0 0 1rem;
      padding: 0;
      list-style: none;
    }
    nav a {
      display: inline-flex;
      align-items: center;
      min-height: 2.75rem;
      padding: 0.375rem 1rem;
      border: 1px solid var(--color-border-strong);
      border-radius: var(--radius);
      background: var(--color-surface);
      font-weight: 600;
      text-decoration: none;
    }
    nav a.active {
      border-color: var(--color-primary);
      background: var(--color-primary);
      color: #fff;
    }
  `,
  template: `
    <div class="staff-bar">
      <p class="firm" data-testid="staff-firm-name">
        {{ sessions.session()?.firmName }} · Staff workspace
      </p>
      <p class="who">
        <span data-testid="staff-who"
          >Signed in as {{ sessions.session()?.staff?.displayName }} ({{
            sessions.session()?.staff?.role
          }})</span
        >
        <button
          type="button"
          class="button"
          data-testid="staff-sign-out"
          [disabled]="signingOut()"
          (click)="signOut()"
        >
          Sign out
        </button>
      </p>
    </div>
    @if (signOutFailed()) {
      <div class="notice notice-error" role="alert">
        <p>Signing out did not work. Please try again.</p>
      </div>
    }
    <nav aria-label="Staff workspace">
      <ul role="list">
        @for (link of nav(); track link.path) {
          <li>
            <a
              [routerLink]="link.path"
              routerLinkActive="active"
              ariaCurrentWhenActive="page"
              [attr.data-testid]="link.testId"
              >{{ link.label }}</a
            >
          </li>
        }
      </ul>
    </nav>
    <router-outlet />
  `,
})
export class StaffShellComponent {
  protected readonly sessions = inject(StaffSessionService);
  private readonly router = inject(Router);
  /** Admin-only links only for admins (the pages' guard and the API refuse others anyway). */
  protected readonly nav = computed(() => {
    const admin = this.sessions.session()?.staff.role === 'admin';
    return STAFF_NAV.filter((link) => admin || !link.adminOnly);
  });
  protected readonly signingOut = signal(false);
  protected readonly signOutFailed = signal(false);

  protected signOut(): void {
    this.signingOut.set(true);
    this.signOutFailed.set(false);
    this.sessions.signOut().subscribe({
      next: () => void this.router.navigateByUrl('/staff/sign-in'),
      error: () => {
        this.signingOut.set(false);
        this.signOutFailed.set(true);
      },
    });
  }
}
