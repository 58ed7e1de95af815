import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { StaffSessionService } from '../staff-session.service';

/**
 * Admin pages (staff users, integration tokens, webhooks) are for role `admin`. A `staff` user who
 * opens one is sent to a page that says so; the API denies them (403) either way. Runs inside the
 * shell, after staffAuthGuard has loaded the session.
 */
export const staffAdminGuard: CanActivateFn = (_route, state) => {
  const sessions = inject(StaffSessionService);
  const router = inject(Router);
  if (sessions.session()?.staff.role === 'admin') return true;
  return router.createUrlTree(['/staff/admin/not-allowed'], { queryParams: { from: state.url } });
};
