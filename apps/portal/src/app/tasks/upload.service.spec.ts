import { HttpClient, HttpEventType, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { UploadRules } from '@app/contracts';
import {
  checkFile,
  formatSize,
  UPLOAD_HTTP,
  UploadService,
  type UploadProgress,
} from './upload.service';

const rules: UploadRules = {
  maxBytes: 1024 * 1024,
  allowedTypes: ['application/pdf', 'image/heic'],
  allowedExtensions: ['pdf', 'heic'],
};
const file = (name: string, size: number, type: string) =>
  new File([new Uint8Array(size)], name, { type });

describe('checkFile', () => {
  it('accepts an allowed type within the limit', () => {
    expect(checkFile(file('a.pdf', 100, 'application/pdf'), rules)).toBeNull();
  });
  it('accepts by extension when the browser gives no type (HEIC on many systems)', () => {
    expect(checkFile(file('IMG_1.HEIC', 100, ''), rules)).toBeNull();
  });
  it('refuses a file over the limit, naming both sizes', () => {
    expect(checkFile(file('big.pdf', 2 * 1024 * 1024, 'application/pdf'), rules)).toBe(
      '"big.pdf" is 2 MB; files can be at most 1 MB.',
    );
  });
  it('refuses a type not accepted, and an empty file', () => {
    expect(checkFile(file('a.exe', 10, 'application/x-msdownload'), rules)).toMatch(
      /not a type we accept/,
    );
    expect(checkFile(file('a.pdf', 0, 'application/pdf'), rules)).toMatch(/empty/);
  });
  it('formats sizes', () => {
    expect([formatSize(500), formatSize(2048), formatSize(1.5 * 1024 * 1024)]).toEqual([
      '500 bytes',
      '2 KB',
      '1.5 MB',
    ]);
  });
});

describe('UploadService', () => {
  let http: HttpTestingController;
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: UPLOAD_HTTP, useFactory: () => inject(HttpClient) },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  it('posts the file as multipart with the CSRF header and reports progress, then the document', () => {
    const seen: UploadProgress[] = [];
    TestBed.inject(UploadService)
      .upload('t1', 'r/1', file('a.pdf', 10, 'application/pdf'))
      .subscribe((e) => seen.push(e));
    const req = http.expectOne('/api/me/tasks/t1/requests/r%2F1/documents');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toBeInstanceOf(FormData);
    expect((req.request.body as FormData).get('file')).toBeInstanceOf(File);
    expect(req.request.headers.get('X-Requested-With')).toBe('XMLHttpRequest');
    expect(req.request.reportProgress).toBe(true);
    req.event({ type: HttpEventType.UploadProgress, loaded: 5, total: 10 });
    req.flush({ id: 'd1', filename: 'a.pdf' });
    expect(seen).toEqual([
      { kind: 'progress', percent: 50 },
      { kind: 'done', document: { id: 'd1', filename: 'a.pdf' } },
    ]);
  });
});
