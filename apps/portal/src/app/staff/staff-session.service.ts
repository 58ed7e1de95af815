import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { inject, Injectable, signal } from '@angular/core';
import type { StaffLoginRequest, StaffSessionView } from '@app/contracts';
import { catchError, map, type Observable, of, tap } from 'rxjs';

/**
 * The staff member signed in to the workspace. The session is an HttpOnly cookie the API sets:
 * this service never sees a token, it only asks who is signed in.
 */
@Injectable({ providedIn: 'root' })
export class StaffSessionService {
  private readonly http = inject(HttpClient);
  private readonly current = signal<StaffSessionView | null>(null);

  /** Who is signed in, once known. */
  readonly session = this.current.asReadonly();

  signIn(body: StaffLoginRequest): Observable<StaffSessionView> {
    return this.http
      .post<StaffSessionView>('/api/staff/session', body)
      .pipe(tap((session) => this.current.set(session)));
  }

  /** Asks the API who is signed in: the session, or null when nobody is (401). */
  load(): Observable<StaffSessionView | null> {
    return this.http.get<StaffSessionView>('/api/staff/session').pipe(
      tap((session) => this.current.set(session)),
      catchError((err: unknown) => {
        if (err instanceof HttpErrorResponse && err.status === 401) {
          this.current.set(null);
          return of(null);
        }
        throw err;
      }),
    );
  }

  signOut(): Observable<void> {
    return this.http.delete<void>('/api/staff/session').pipe(
      map(() => undefined),
      tap(() => this.current.set(null)),
    );
  }

  /** Forget the session (the API answered 401 on some call). */
  forget(): void {
    this.current.set(null);
  }
}
