import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { PinSessionResponse, PinSignInRequest } from '@app/contracts';
import { type Observable } from 'rxjs';

/** The legacy PIN page's one call: a task reference and its PIN open a session. */
@Injectable({ providedIn: 'root' })
export class PinService {
  private readonly http = inject(HttpClient);

  signIn(body: PinSignInRequest): Observable<PinSessionResponse> {
    return this.http.post<PinSessionResponse>('/api/pin/sessions', body);
  }
}
