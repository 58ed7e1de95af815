import { HttpErrorResponse } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { type Observable, tap } from 'rxjs';
import { StaffSessionService } from './staff-session.service';

/** Passes a staff API call through; a 401 on the way sends the browser to the sign-in. */
export type SignInOn401 = <T>(call: Observable<T>) => Observable<T>;

/**
 * The one rule every staff API service applies to its calls (call it in a field initializer): a
 * 401 (the session went idle, expired or was ended elsewhere) forgets the session and goes to
 * the sign-in, which brings the page back after.
 */
export function injectSignInOn401(): SignInOn401 {
  const router = inject(Router);
  const staffSession = inject(StaffSessionService);
  return <T>(call: Observable<T>): Observable<T> =>
    call.pipe(
      tap({
        error: (err: unknown) => {
          if (err instanceof HttpErrorResponse && err.status === 401) {
            staffSession.forget();
            void router.navigate(['/staff/sign-in'], { queryParams: { next: router.url } });
          }
        },
      }),
    );
}
