import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  NotificationSettingsView,
  StaffNotifyMode,
  StaffSessionView,
  UpdateOwnStaffProfileRequest,
} from '@app/contracts';
import type { Observable } from 'rxjs';
import { injectSignInOn401 } from '../sign-in-on-401';

/** The signed-in staff member's own settings: notices of client activity, name and address. */
@Injectable({ providedIn: 'root' })
export class MySettingsApiService {
  private readonly http = inject(HttpClient);
  private readonly signInOn401 = injectSignInOn401();

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
