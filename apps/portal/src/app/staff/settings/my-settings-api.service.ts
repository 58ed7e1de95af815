import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Router } from '@angular/router';
import type {
  NotificationSettingsView,
  StaffNotifyMode,
  StaffSessionView,
  UpdateOwnStaffProfileRequest,
} from '@app/contracts';
import { type Observable, tap } from 'rxjs';
import { StaffSessionService } from '../staff-session.service';

/** The signed-in staff member's own settings: notices of client activity, name and address. */
@Injectable({ providedIn: 'root' })
export class MySettingsApiService {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly sessions = inject(StaffSessionService);

  private signInOn401<T>(call: Observable<T>): Observable<T> {
    return call.pipe(
      tap({
        error: (err: unknown) => {
          if (err instanceof HttpErrorResponse && err.status === 401) {
            this.sessions.forget();
            void this.router.navigate(['/staff/sign-in'], {
              queryParams: { next: this.router.url },
            });
          }
        },
      }),
    );
  }

  notificationSettings(): Observable<NotificationSettingsView> {
    return this.signInOn401(
      this.http.get<NotificationSettingsView>('/api/admin/me/notification-settings'),
    );
  }

  setNotifyMode(mode: StaffNotifyMode): Observable<NotificationSettingsView> {
    return this.signInOn401(
      this.http.put<NotificationSettingsView>('/api/admin/me/notification-settings', { mode }),
    );
  }

  /** Answers the session view with the new name and address. */
  updateProfile(body: UpdateOwnStaffProfileRequest): Observable<StaffSessionView> {
    return this.signInOn401(this.http.patch<StaffSessionView>('/api/staff/session/profile', body));
  }
}
