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
import { type Observable } from 'rxjs';

/** Query parameters without the empty ones. */
function params(query: object): HttpParams {
  let result = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '')
      result = result.set(key, String(value));
  }
  return result;
}

const client = (id: string) => `/api/admin/clients/${encodeURIComponent(id)}`;

/** The admin API calls of the staff workspace: inbox, clients and a client's page. */
@Injectable({ providedIn: 'root' })
export class StaffApiService {
  private readonly http = inject(HttpClient);

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
    return this.http.get<ClientView>(client(id));
  }

  updateClient(id: string, body: UpdateClientRequest): Observable<ClientView> {
    return this.http.patch<ClientView>(client(id), body);
  }

  tasks(id: string): Observable<TaskSummary[]> {
    return this.http.get<TaskSummary[]>(`${client(id)}/tasks`);
  }

  devices(id: string): Observable<AdminDeviceView[]> {
    return this.http.get<AdminDeviceView[]>(`${client(id)}/devices`);
  }

  revokeDevice(id: string, deviceId: string): Observable<void> {
    return this.http.post<void>(`${client(id)}/devices/${encodeURIComponent(deviceId)}/revoke`, {});
  }

  links(id: string): Observable<AdminLinkView[]> {
    return this.http.get<AdminLinkView[]>(`${client(id)}/links`);
  }

  withdrawLink(id: string, linkId: string): Observable<void> {
    return this.http.post<void>(`${client(id)}/links/${encodeURIComponent(linkId)}/revoke`, {});
  }

  sessions(id: string): Observable<AdminClientSessionView[]> {
    return this.http.get<AdminClientSessionView[]>(`${client(id)}/sessions`);
  }

  endSession(id: string, sessionId: string): Observable<void> {
    return this.http.post<void>(
      `${client(id)}/sessions/${encodeURIComponent(sessionId)}/revoke`,
      {},
    );
  }

  audit(clientId: string): Observable<Page<AuditEventView>> {
    return this.http.get<Page<AuditEventView>>('/api/admin/audit', {
      params: params({ clientId, limit: 50 }),
    });
  }
}
