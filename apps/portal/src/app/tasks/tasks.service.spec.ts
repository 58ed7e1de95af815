import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { TaskListResponse } from '@app/contracts';
import { task, taskDetail } from '../../testing/fixtures';
import { TasksService } from './tasks.service';

describe('TasksService', () => {
  let service: TasksService;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    service = TestBed.inject(TasksService);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists this device’s tasks with GET /api/me/tasks', () => {
    const body: TaskListResponse = {
      open: [task()],
      openTotal: 1,
      completed: [],
      completedTotal: 0,
    };
    let result: TaskListResponse | undefined;
    service.list().subscribe((res) => (result = res));
    const req = http.expectOne('/api/me/tasks');
    expect(req.request.method).toBe('GET');
    req.flush(body);
    expect(result).toEqual(body);
  });

  it('reads one task with GET /api/me/tasks/:id, encoding the id', () => {
    service.get('a/b').subscribe();
    const req = http.expectOne('/api/me/tasks/a%2Fb');
    expect(req.request.method).toBe('GET');
    req.flush(taskDetail());
  });

  it('searches with only the parameters given', () => {
    service.search({ q: 'acme', status: 'all', offset: 20, limit: 20 }).subscribe();
    const req = http.expectOne((r) => r.url === '/api/me/tasks/search');
    expect(req.request.params.toString()).toBe('q=acme&status=all&offset=20&limit=20');
    req.flush({ items: [], total: 0, offset: 20, limit: 20 });
    service.search({ q: '', status: 'open' }).subscribe();
    const bare = http.expectOne((r) => r.url === '/api/me/tasks/search');
    expect(bare.request.params.toString()).toBe('status=open');
    bare.flush({ items: [], total: 0, offset: 0, limit: 20 });
  });

  it('saves a draft (PUT) and submits (POST) an answer', () => {
    service.saveDraft('t1', 'r1', 'so far').subscribe();
    const draft = http.expectOne('/api/me/tasks/t1/requests/r1/draft');
    expect(draft.request.method).toBe('PUT');
    expect(draft.request.body).toEqual({ text: 'so far' });
    draft.flush(taskDetail());
    service.submit('t1', 'r1', { decision: 'declined', reason: 'Wrong' }).subscribe();
    const submit = http.expectOne('/api/me/tasks/t1/requests/r1/submit');
    expect(submit.request.method).toBe('POST');
    expect(submit.request.body).toEqual({ decision: 'declined', reason: 'Wrong' });
    submit.flush(taskDetail());
  });

  it('posts a message, reads the upload rules once, and builds download links', () => {
    service.postMessage('t1', 'Hello').subscribe();
    const msg = http.expectOne('/api/me/tasks/t1/messages');
    expect(msg.request.body).toEqual({ body: 'Hello' });
    msg.flush({ id: 'm1', author: 'client', body: 'Hello', createdAt: '2030-01-01T00:00:00Z' });
    service.uploadRules().subscribe();
    service.uploadRules().subscribe();
    http
      .expectOne('/api/me/upload-rules')
      .flush({ maxBytes: 1, allowedTypes: [], allowedExtensions: [] });
    expect(service.downloadUrl('t 1', 'd/1')).toBe('/api/me/tasks/t%201/documents/d%2F1');
  });
});
