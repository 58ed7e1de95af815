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
});
