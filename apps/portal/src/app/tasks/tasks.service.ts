import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { TaskDetail, TaskListResponse } from '@app/contracts';
import { type Observable } from 'rxjs';

/** The tasks this browser may see (as a trusted device). */
@Injectable({ providedIn: 'root' })
export class TasksService {
  private readonly http = inject(HttpClient);

  list(): Observable<TaskListResponse> {
    return this.http.get<TaskListResponse>('/api/me/tasks');
  }

  get(id: string): Observable<TaskDetail> {
    return this.http.get<TaskDetail>(`/api/me/tasks/${encodeURIComponent(id)}`);
  }
}
