import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AdminClientSessionView,
  AdminDeviceView,
  AdminLinkView,
  AuditEventView,
  ClientSummary,
  ClientView,
  CreateClientRequest,
  InboxPage,
  InboxQuery,
  Page,
  TaskSummary,
  UpdateClientRequest,
} from '@app/contracts';
import type { Observable } from 'rxjs';
import { injectSignInOn401 } from './sign-in-on-401';

/** Query parameters without the empty ones. */
function params(query: object): HttpParams {
  let result = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '')
      result = result.set(key, String(value));
  }
  return result;
}

const clientPath = (id: string) => `/api/admin/clients/${encodeURIComponent(id)}`;

/** The admin API calls of the staff workspace: inbox, clients and a client's page. */
@Injectable({ providedIn: 'root' })
export class StaffApiService {
  private readonly httpClient = inject(HttpClient);
  private readonly signInOn401 = injectSignInOn401();

  /**
   * The admin API through HttpClient, where a 401 (the session went idle, expired or was ended
   * elsewhere) forgets the session and goes to the sign-in, which brings the page back after.
   */
  private readonly http = {
    get: <T>(url: string, options?: { params: HttpParams }) =>
      this.signInOn401(this.httpClient.get<T>(url, options)),
    post: <T>(url: string, body: unknown) => this.signInOn401(this.httpClient.post<T>(url, body)),
    put: <T>(url: string, body: unknown) => this.signInOn401(this.httpClient.put<T>(url, body)),
    patch: <T>(url: string, body: unknown) => this.signInOn401(this.httpClient.patch<T>(url, body)),
    delete: <T>(url: string) => this.signInOn401(this.httpClient.delete<T>(url)),
  };

  inbox(query: InboxQuery): Observable<InboxPage> {
    return this.http.get<InboxPage>('/api/admin/inbox', { params: params(query) });
  }

  markRead(taskId: string): Observable<{ seenAt: string }> {
    return this.http.put<{ seenAt: string }>(
      `/api/admin/inbox/tasks/${encodeURIComponent(taskId)}/read`,
      {},
    );
  }

  markUnread(taskId: string): Observable<void> {
    return this.http.delete<void>(`/api/admin/inbox/tasks/${encodeURIComponent(taskId)}/read`);
  }

  clients(query: { q?: string; offset?: number; limit?: number }): Observable<Page<ClientSummary>> {
    return this.http.get<Page<ClientSummary>>('/api/admin/client-summaries', {
      params: params(query),
    });
  }

  createClient(body: CreateClientRequest): Observable<ClientView> {
    return this.http.post<ClientView>('/api/admin/clients', body);
  }

  client(id: string): Observable<ClientView> {
    return this.http.get<ClientView>(clientPath(id));
  }

  updateClient(id: string, body: UpdateClientRequest): Observable<ClientView> {
    return this.http.patch<ClientView>(clientPath(id), body);
  }

  tasks(id: string): Observable<TaskSummary[]> {
    return this.http.get<TaskSummary[]>(`${clientPath(id)}/tasks`);
  }

  devices(id: string): Observable<AdminDeviceView[]> {
    return this.http.get<AdminDeviceView[]>(`${clientPath(id)}/devices`);
  }

  revokeDevice(id: string, deviceId: string): Observable<void> {
    return this.http.post<void>(
      `${clientPath(id)}/devices/${encodeURIComponent(deviceId)}/revoke`,
      {},
    );
  }

  links(id: string): Observable<AdminLinkView[]> {
    return this.http.get<AdminLinkView[]>(`${clientPath(id)}/links`);
  }

  withdrawLink(id: string, linkId: string): Observable<void> {
    return this.http.post<void>(`${clientPath(id)}/links/${encodeURIComponent(linkId)}/revoke`, {});
  }

  sessions(id: string): Observable<AdminClientSessionView[]> {
    return this.http.get<AdminClientSessionView[]>(`${clientPath(id)}/sessions`);
  }

  endSession(id: string, sessionId: string): Observable<void> {
    return this.http.post<void>(
      `${clientPath(id)}/sessions/${encodeURIComponent(sessionId)}/revoke`,
      {},
    );
  }

  audit(clientId: string): Observable<Page<AuditEventView>> {
    return this.http.get<Page<AuditEventView>>('/api/admin/audit', {
      params: params({ clientId, limit: 50 }),
    });
  }
}
