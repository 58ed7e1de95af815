import {
  HttpClient,
  type HttpEvent,
  HttpEventType,
  HttpHeaders,
  HttpXhrBackend,
} from '@angular/common/http';
import { inject, Injectable, InjectionToken } from '@angular/core';
import type { DocumentView, UploadRules } from '@app/contracts';
import { filter, map, type Observable } from 'rxjs';

/**
 * The HttpClient uploads go through. The app's client uses fetch, which cannot report upload
 * progress; this one uses XMLHttpRequest. (Tests provide the testing HttpClient instead.)
 */
export const UPLOAD_HTTP = new InjectionToken<HttpClient>('UPLOAD_HTTP', {
  providedIn: 'root',
  factory: () => new HttpClient(inject(HttpXhrBackend)),
});

export type UploadProgress =
  { kind: 'progress'; percent: number } | { kind: 'done'; document: DocumentView };

/** A file the rules refuse before it is sent: why, in one sentence. */
export function checkFile(file: File, rules: UploadRules): string | null {
  if (file.size === 0) return `"${file.name}" is empty. Please choose the file again.`;
  if (file.size > rules.maxBytes) {
    return `"${file.name}" is ${formatSize(file.size)}; files can be at most ${formatSize(rules.maxBytes)}.`;
  }
  const dot = file.name.lastIndexOf('.');
  const ext = dot > 0 ? file.name.slice(dot + 1).toLowerCase() : '';
  const type = file.type.toLowerCase();
  const typeOk =
    type !== '' && type !== 'application/octet-stream' && rules.allowedTypes.includes(type);
  if (!typeOk && !rules.allowedExtensions.includes(ext)) {
    return `"${file.name}" is not a type we accept. Please send a PDF, an image (JPEG, PNG, HEIC) or an office document.`;
  }
  return null;
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) {
    const mb = bytes / (1024 * 1024);
    return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  }
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

@Injectable({ providedIn: 'root' })
export class UploadService {
  private readonly http = inject(UPLOAD_HTTP);

  /** Uploads one file to a document request, reporting progress, then the stored document. */
  upload(taskId: string, requestId: string, file: File): Observable<UploadProgress> {
    const form = new FormData();
    form.append('file', file, file.name);
    const url = `/api/me/tasks/${encodeURIComponent(taskId)}/requests/${encodeURIComponent(requestId)}/documents`;
    return this.http
      .post<DocumentView>(url, form, {
        reportProgress: true,
        observe: 'events',
        headers: new HttpHeaders({
          'X-Requested-With': 'XMLHttpRequest',
          Accept: 'application/json',
        }),
      })
      .pipe(
        filter(
          (e: HttpEvent<DocumentView>) =>
            e.type === HttpEventType.UploadProgress || e.type === HttpEventType.Response,
        ),
        map((e): UploadProgress => {
          if (e.type === HttpEventType.UploadProgress) {
            const percent = e.total ? Math.round((100 * e.loaded) / e.total) : 0;
            return { kind: 'progress', percent: Math.min(100, percent) };
          }
          return { kind: 'done', document: (e as { body: DocumentView }).body };
        }),
      );
  }
}
