import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AdminTaskView,
  ClientView,
  MessageView,
  RequestChangesRequest,
  StaffView,
  UpdateTaskRequest,
} from '@app/contracts';
import type { Observable } from 'rxjs';
import { injectSignInOn401 } from '../sign-in-on-401';

const enc = encodeURIComponent;

/** `/api/admin/clients/:clientId/tasks/:taskId`, ids encoded. */
export function taskPath(clientId: string, taskId: string): string {
  return `/api/admin/clients/${enc(clientId)}/tasks/${enc(taskId)}`;
}

/** Where a document of the task downloads (the staff cookie rides along on a plain GET). */
export function documentUrl(clientId: string, taskId: string, documentId: string): string {
  return `${taskPath(clientId, taskId)}/documents/${enc(documentId)}`;
}

/**
 * The admin API calls of the staff task view (issue 12 item 5): the task, the thread reply,
 * request changes, cancel / close, edit, marking it read. A 401 (the session ended) forgets the
 * session and goes to the staff sign-in, which brings the page back afterwards.
 */
@Injectable({ providedIn: 'root' })
export class StaffTaskService {
  private readonly http = inject(HttpClient);
  private readonly signInOn401 = injectSignInOn401();

  task(clientId: string, taskId: string): Observable<AdminTaskView> {
    return this.signInOn401(this.http.get<AdminTaskView>(taskPath(clientId, taskId)));
  }

  client(clientId: string): Observable<ClientView> {
    return this.signInOn401(this.http.get<ClientView>(`/api/admin/clients/${enc(clientId)}`));
  }

  /** Admins only (a `staff` user gets 403): used to name a task's owner other than me. */
  staffUsers(): Observable<StaffView[]> {
    return this.signInOn401(this.http.get<StaffView[]>('/api/admin/staff'));
  }

  markRead(taskId: string): Observable<{ seenAt: string }> {
    return this.signInOn401(
      this.http.put<{ seenAt: string }>(`/api/admin/inbox/tasks/${enc(taskId)}/read`, {}),
    );
  }

  reply(clientId: string, taskId: string, body: string): Observable<MessageView> {
    return this.signInOn401(
      this.http.post<MessageView>(`${taskPath(clientId, taskId)}/messages`, { body }),
    );
  }

  requestChanges(
    clientId: string,
    taskId: string,
    requestId: string,
    note: string,
  ): Observable<AdminTaskView> {
    const body: RequestChangesRequest = { note };
    return this.signInOn401(
      this.http.post<AdminTaskView>(
        `${taskPath(clientId, taskId)}/requests/${enc(requestId)}/request-changes`,
        body,
      ),
    );
  }

  end(clientId: string, taskId: string, how: 'cancel' | 'close'): Observable<AdminTaskView> {
    return this.signInOn401(
      this.http.post<AdminTaskView>(`${taskPath(clientId, taskId)}/${how}`, {}),
    );
  }

  update(clientId: string, taskId: string, body: UpdateTaskRequest): Observable<AdminTaskView> {
    return this.signInOn401(this.http.patch<AdminTaskView>(taskPath(clientId, taskId), body));
  }
}
