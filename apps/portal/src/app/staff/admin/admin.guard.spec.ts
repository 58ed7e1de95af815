import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  type ActivatedRouteSnapshot,
  provideRouter,
  Router,
  type RouterStateSnapshot,
  UrlTree,
} from '@angular/router';
import { StaffSessionService } from '../staff-session.service';
import { STAFF_NAV } from '../staff-shell.component';
import { staffAdminGuard } from './admin.guard';

function run(role: 'admin' | 'staff' | null): unknown {
  const session = signal(role ? { staff: { role } } : null);
  TestBed.configureTestingModule({
    providers: [provideRouter([]), { provide: StaffSessionService, useValue: { session } }],
  });
  return TestBed.runInInjectionContext(() =>
    staffAdminGuard(
      {} as ActivatedRouteSnapshot,
      { url: '/staff/admin/webhooks' } as RouterStateSnapshot,
    ),
  );
}

describe('staffAdminGuard', () => {
  it('lets an admin in', () => {
    expect(run('admin')).toBe(true);
  });

  it('sends a staff user to the page that says admins only, naming where they tried to go', () => {
    const result = run('staff');
    expect(result).toBeInstanceOf(UrlTree);
    expect(TestBed.inject(Router).serializeUrl(result as UrlTree)).toBe(
      '/staff/admin/not-allowed?from=%2Fstaff%2Fadmin%2Fwebhooks',
    );
  });

  it('admin pages in the navigation are marked adminOnly, the others are not', () => {
    for (const link of STAFF_NAV)
      expect(!!link.adminOnly).toBe(link.path.startsWith('/staff/admin/'));
  });
});
