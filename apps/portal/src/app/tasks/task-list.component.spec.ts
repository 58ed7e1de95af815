import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { TaskListResponse } from '@app/contracts';
import { apiError, byTestId, task } from '../../testing/fixtures';
import { TaskListComponent } from './task-list.component';

describe('TaskListComponent', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<TaskListComponent>;
  let el: HTMLElement;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TaskListComponent);
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  async function answer(body: TaskListResponse): Promise<void> {
    http.expectOne('/api/me/tasks').flush(body);
    await fixture.whenStable();
  }

  it('shows a loading state first', () => {
    expect(byTestId(el, 'tasks-loading')).not.toBeNull();
    http.expectOne('/api/me/tasks');
  });

  it('lists open and completed tasks with counts, references, due dates and requests left', async () => {
    await answer({
      open: [
        task(),
        task({
          id: 't2',
          reference: 'TM-1002',
          title: 'Upload the logo',
          openRequests: 1,
          totalRequests: 1,
        }),
      ],
      openTotal: 2,
      completed: [
        task({
          id: 't3',
          status: 'completed',
          openRequests: 0,
          completedAt: '2030-05-02T10:00:00Z',
        }),
      ],
      completedTotal: 7,
    });

    expect(byTestId(el, 'task-list')).not.toBeNull();
    expect(byTestId(el, 'open-heading')?.textContent).toContain('Open tasks (showing 2 of 2)');
    expect(byTestId(el, 'completed-heading')?.textContent).toContain(
      'Completed tasks (showing 1 of 7)',
    );
    const items = el.querySelectorAll('[data-testid="task-item"]');
    expect(items).toHaveLength(3);
    expect(items[0].textContent).toContain('Confirm the applicant details');
    expect(items[0].textContent).toContain('TM-1001');
    expect(items[0].textContent).toContain('15 Jun 2030');
    expect(items[0].textContent).toContain('2 of 3 requests left');
    expect(items[1].textContent).toContain('1 of 1 request left');
    expect(items[0].querySelector('a')?.getAttribute('href')).toBe('/tasks/t1');
  });

  it('says so when there are no open tasks', async () => {
    await answer({ open: [], openTotal: 0, completed: [], completedTotal: 0 });

    expect(byTestId(el, 'empty-open')?.textContent).toContain('You have no open tasks');
    expect(byTestId(el, 'open-heading')?.textContent).toContain('Open tasks (showing 0 of 0)');
    expect(byTestId(el, 'task-item')).toBeNull();
  });

  it('explains a 401: this browser has no access', async () => {
    http
      .expectOne('/api/me/tasks')
      .flush(apiError(401, 'unauthorized'), { status: 401, statusText: 'Unauthorized' });
    await fixture.whenStable();
    http.expectOne('/api/device/status').flush({ movedAt: null, timeZone: 'Europe/London' });
    await fixture.whenStable();

    expect(byTestId(el, 'no-access')).not.toBeNull();
    expect(byTestId(el, 'error-message')?.textContent).toContain(
      "This browser doesn't have access. Open the link from your e-mail on this device.",
    );
    expect(byTestId(el, 'task-list')).toBeNull();
  });

  it('says when the tasks were moved to another device (issue 13), in the firm zone', async () => {
    http
      .expectOne('/api/me/tasks')
      .flush(apiError(401, 'unauthorized'), { status: 401, statusText: 'Unauthorized' });
    await fixture.whenStable();
    http
      .expectOne('/api/device/status')
      .flush({ movedAt: '2026-07-01T13:05:00.000Z', timeZone: 'Europe/London' });
    await fixture.whenStable();
    fixture.detectChanges();
    expect(byTestId(el, 'moved-message')?.textContent).toContain(
      'Your tasks were moved to another device on 1 July 2026 at 14:05 BST. Send Access Link to bring them here.',
    );
    expect(el.textContent).not.toContain('No access on this browser');
  });

  it('offers a retry after a server error', async () => {
    http
      .expectOne('/api/me/tasks')
      .flush(apiError(500, 'internal_error', { message: 'Something failed.' }), {
        status: 500,
        statusText: 'Server Error',
      });
    await fixture.whenStable();
    expect(byTestId(el, 'error-message')?.textContent).toContain('Something failed.');

    byTestId(el, 'retry-button')!.click();
    fixture.detectChanges();
    await answer({ open: [task()], openTotal: 1, completed: [], completedTotal: 0 });
    expect(el.querySelectorAll('[data-testid="task-item"]')).toHaveLength(1);
  });
});
