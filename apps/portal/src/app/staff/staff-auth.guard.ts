import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { catchError, map, of } from 'rxjs';
import { StaffSessionService } from './staff-session.service';

/** The workspace's pages need a staff session; without one, the sign-in page (then back here). */
export const staffAuthGuard: CanActivateFn = (_route, state) => {
  const sessions = inject(StaffSessionService);
  const router = inject(Router);
  const signIn = () =>
    router.createUrlTree(['/staff/sign-in'], { queryParams: { next: state.url } });
  if (sessions.session()) return true;
  return sessions.load().pipe(
    map((session) => (session ? true : signIn())),
    // The API could not be reached: the sign-in page says so when it is tried.
    catchError(() => of(signIn())),
  );
};
