import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AccessListResponse,
  AccountSessionResponse,
  ClientMeResponse,
  CreateAccountRequest,
  SignInRequest,
} from '@app/contracts';
import { type Observable } from 'rxjs';

/** Calls for client logins: create, sign in and out, devices and sessions. */
@Injectable({ providedIn: 'root' })
export class AccountService {
  private readonly http = inject(HttpClient);

  /** How this browser has access (401 when it has none). */
  me(): Observable<ClientMeResponse> {
    return this.http.get<ClientMeResponse>('/api/account/me');
  }

  create(body: CreateAccountRequest): Observable<AccountSessionResponse> {
    return this.http.post<AccountSessionResponse>('/api/account', body);
  }

  signIn(body: SignInRequest): Observable<AccountSessionResponse> {
    return this.http.post<AccountSessionResponse>('/api/account/login', body);
  }

  signOut(): Observable<void> {
    return this.http.post<void>('/api/account/logout', {});
  }

  access(): Observable<AccessListResponse> {
    return this.http.get<AccessListResponse>('/api/account/access');
  }

  revokeDevice(id: string): Observable<void> {
    return this.http.delete<void>(`/api/account/devices/${encodeURIComponent(id)}`);
  }

  revokeSession(id: string): Observable<void> {
    return this.http.delete<void>(`/api/account/sessions/${encodeURIComponent(id)}`);
  }
}
