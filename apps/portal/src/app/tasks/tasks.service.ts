import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  DeviceStatusResponse,
  MessageView,
  SubmitRequestBody,
  TaskDetail,
  TaskListResponse,
  TaskSearchQuery,
  TaskSearchResponse,
  UploadRules,
} from '@app/contracts';
import { type Observable, shareReplay } from 'rxjs';

const enc = encodeURIComponent;

/** The tasks this browser may see, and what the client does with them. */
@Injectable({ providedIn: 'root' })
export class TasksService {
  private readonly http = inject(HttpClient);
  private rules$?: Observable<UploadRules>;

  list(): Observable<TaskListResponse> {
    return this.http.get<TaskListResponse>('/api/me/tasks');
  }

  search(query: TaskSearchQuery): Observable<TaskSearchResponse> {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params = params.set(key, String(value));
    }
    return this.http.get<TaskSearchResponse>('/api/me/tasks/search', { params });
  }

  get(id: string): Observable<TaskDetail> {
    return this.http.get<TaskDetail>(`/api/me/tasks/${enc(id)}`);
  }

  saveDraft(taskId: string, requestId: string, text: string): Observable<TaskDetail> {
    return this.http.put<TaskDetail>(
      `/api/me/tasks/${enc(taskId)}/requests/${enc(requestId)}/draft`,
      { text },
    );
  }

  submit(taskId: string, requestId: string, body: SubmitRequestBody): Observable<TaskDetail> {
    return this.http.post<TaskDetail>(
      `/api/me/tasks/${enc(taskId)}/requests/${enc(requestId)}/submit`,
      body,
    );
  }

  postMessage(taskId: string, body: string): Observable<MessageView> {
    return this.http.post<MessageView>(`/api/me/tasks/${enc(taskId)}/messages`, { body });
  }

  /** Limits checked before an upload; asked once per page load. */
  uploadRules(): Observable<UploadRules> {
    this.rules$ ??= this.http.get<UploadRules>('/api/me/upload-rules').pipe(shareReplay(1));
    return this.rules$;
  }

  /** A file the client uploaded, removed before its request is submitted (issue 13). */
  removeDocument(taskId: string, documentId: string): Observable<void> {
    return this.http.delete<void>(`/api/me/tasks/${enc(taskId)}/documents/${enc(documentId)}`);
  }

  /** For a browser without access: whether its tasks were moved to another device, and when. */
  deviceStatus(): Observable<DeviceStatusResponse> {
    return this.http.get<DeviceStatusResponse>('/api/device/status');
  }

  /** Where the browser downloads a copy (a plain link: the device cookie goes with it). */
  downloadUrl(taskId: string, documentId: string): string {
    return `/api/me/tasks/${enc(taskId)}/documents/${enc(documentId)}`;
  }
}
