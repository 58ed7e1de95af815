import { HttpClient } from '@angular/common/http';
import { inject, Injectable, signal } from '@angular/core';
import type { ClientMeResponse } from '@app/contracts';
import { firstValueFrom } from 'rxjs';

/**
 * Whether this browser holds the client's tasks, and how (issue 13: the signed-in state is
 * visible everywhere). The shell refreshes it after every navigation, so signing in or out on
 * any page shows in the menu at once.
 */
@Injectable({ providedIn: 'root' })
export class ClientSessionService {
  private readonly http = inject(HttpClient);
  private readonly current = signal<ClientMeResponse | null>(null);
  private pending: Promise<void> | null = null;

  /** null: nothing open in this browser (or not known yet). */
  readonly me = this.current.asReadonly();

  refresh(): Promise<void> {
    this.pending ??= firstValueFrom(this.http.get<ClientMeResponse>('/api/account/me'))
      .then(
        (me) => this.current.set(me),
        () => this.current.set(null),
      )
      .finally(() => (this.pending = null));
    return this.pending;
  }

  async signOut(): Promise<void> {
    try {
      await firstValueFrom(this.http.post<void>('/api/account/logout', {}));
    } finally {
      await this.refresh();
    }
  }
}
