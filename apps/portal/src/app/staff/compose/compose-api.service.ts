import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  BulkDispatchRequest,
  BulkDispatchResponse,
  ClientSummary,
  ClientView,
  ComposeTaskRequest,
  ComposeTaskResponse,
  CreateTaskTemplateRequest,
  Page,
  RemoveTaskTemplateResponse,
  StaffView,
  TaskTemplateView,
  UpdateTaskTemplateRequest,
} from '@app/contracts';
import type { Observable } from 'rxjs';
import { injectSignInOn401 } from '../sign-in-on-401';

const templatePath = (id: string) => `/api/admin/task-templates/${encodeURIComponent(id)}`;

/**
 * The admin API calls of the template library, compose-and-send and bulk send (issue 12). A 401
 * (the session ended) forgets the session and goes to the sign-in, which brings the page back.
 * Sending carries an `Idempotency-Key` the page made once per form, so a retry never sends twice.
 */
@Injectable({ providedIn: 'root' })
export class ComposeApiService {
  private readonly http = inject(HttpClient);
  private readonly signInOn401 = injectSignInOn401();

  templates(): Observable<TaskTemplateView[]> {
    return this.signInOn401(this.http.get<TaskTemplateView[]>('/api/admin/task-templates'));
  }

  template(id: string): Observable<TaskTemplateView> {
    return this.signInOn401(this.http.get<TaskTemplateView>(templatePath(id)));
  }

  createTemplate(body: CreateTaskTemplateRequest): Observable<TaskTemplateView> {
    return this.signInOn401(this.http.post<TaskTemplateView>('/api/admin/task-templates', body));
  }

  updateTemplate(id: string, body: UpdateTaskTemplateRequest): Observable<TaskTemplateView> {
    return this.signInOn401(this.http.patch<TaskTemplateView>(templatePath(id), body));
  }

  removeTemplate(id: string): Observable<RemoveTaskTemplateResponse> {
    return this.signInOn401(this.http.delete<RemoveTaskTemplateResponse>(templatePath(id)));
  }

  /** Clients for a picker: by name or order e-mail. */
  clients(q: string, limit = 20): Observable<Page<ClientSummary>> {
    let params = new HttpParams().set('limit', String(limit));
    if (q.trim()) params = params.set('q', q.trim());
    return this.signInOn401(
      this.http.get<Page<ClientSummary>>('/api/admin/client-summaries', { params }),
    );
  }

  client(id: string): Observable<ClientView> {
    return this.signInOn401(
      this.http.get<ClientView>(`/api/admin/clients/${encodeURIComponent(id)}`),
    );
  }

  /** Staff users who may own a task (admins only may list them: others get a 403). */
  staff(): Observable<StaffView[]> {
    return this.signInOn401(this.http.get<StaffView[]>('/api/admin/staff'));
  }

  compose(
    clientId: string,
    body: ComposeTaskRequest,
    idempotencyKey: string,
  ): Observable<ComposeTaskResponse> {
    return this.signInOn401(
      this.http.post<ComposeTaskResponse>(
        `/api/admin/clients/${encodeURIComponent(clientId)}/compose`,
        body,
        { headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }) },
      ),
    );
  }

  bulk(body: BulkDispatchRequest, idempotencyKey: string): Observable<BulkDispatchResponse> {
    return this.signInOn401(
      this.http.post<BulkDispatchResponse>('/api/admin/bulk-dispatches', body, {
        headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
      }),
    );
  }
}
