import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { By } from '@angular/platform-browser';
import { provideRouter } from '@angular/router';
import { apiError, byTestId, taskDetail } from '../../testing/fixtures';
import { DocumentRequestComponent } from './document-request.component';
import { TaskDetailComponent } from './task-detail.component';

describe('TaskDetailComponent', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<TaskDetailComponent>;
  let el: HTMLElement;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TaskDetailComponent);
    fixture.componentRef.setInput('id', 't1');
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
  });

  afterEach(() => {
    for (const r of http.match('/api/me/upload-rules')) {
      r.flush({ maxBytes: 1024, allowedTypes: ['application/pdf'], allowedExtensions: ['pdf'] });
    }
    http.verify();
  });

  it('shows the task and its requests in order', async () => {
    http.expectOne('/api/me/tasks/t1').flush(taskDetail());
    await fixture.whenStable();

    expect(byTestId(el, 'task-title')?.textContent).toContain('Confirm the applicant details');
    expect(byTestId(el, 'task-reference')?.textContent).toContain('TM-1001');
    expect(byTestId(el, 'task-description')?.textContent).toContain('Please check the details');
    expect(el.textContent).toContain('15 June 2030');
    const requests = el.querySelectorAll('[data-testid="request-item"]');
    expect(requests).toHaveLength(2);
    expect(requests[0].textContent).toContain('Question');
    expect(requests[0].textContent).toContain('Who owns the mark?');
    expect(requests[0].textContent).toContain('Done');
    expect(requests[1].textContent).toContain('Document');
    expect(requests[1].textContent).toContain('To do');
  });

  it('explains a 404', async () => {
    http
      .expectOne('/api/me/tasks/t1')
      .flush(apiError(404, 'not_found'), { status: 404, statusText: 'Not Found' });
    await fixture.whenStable();
    expect(byTestId(el, 'task-not-found')).not.toBeNull();
  });

  it('explains a 401', async () => {
    http
      .expectOne('/api/me/tasks/t1')
      .flush(apiError(401, 'unauthorized'), { status: 401, statusText: 'Unauthorized' });
    await fixture.whenStable();
    http.expectOne('/api/device/status').flush({ movedAt: null, timeZone: 'UTC' });
    await fixture.whenStable();
    expect(byTestId(el, 'no-access')).not.toBeNull();
  });

  /** The fixture task with every request done. */
  const allDone = (overrides: Parameters<typeof taskDetail>[0] = {}) => {
    const task = taskDetail(overrides);
    return { ...task, requests: task.requests.map((r) => ({ ...r, status: 'done' as const })) };
  };

  it('says a task whose requests are all done is finished, and what happens next', async () => {
    http.expectOne('/api/me/tasks/t1').flush(allDone({ status: 'completed' }));
    await fixture.whenStable();
    const finished = byTestId(el, 'task-finished');
    expect(finished?.textContent).toContain('You have done everything this task asked');
    expect(finished?.textContent).toContain('What happens next');
  });

  it('the same while the task waits for the firm (a declined confirmation), not when cancelled', async () => {
    http.expectOne('/api/me/tasks/t1').flush(allDone({ status: 'open' }));
    await fixture.whenStable();
    expect(byTestId(el, 'task-finished')).not.toBeNull();
    fixture.componentRef.setInput('id', 't2');
    fixture.detectChanges();
    http.expectOne('/api/me/tasks/t2').flush(allDone({ status: 'cancelled' }));
    await fixture.whenStable();
    expect(byTestId(el, 'task-finished')).toBeNull();
  });

  it("when the client's own submit completes the task: 'All done', focused (issue 13)", async () => {
    http.expectOne('/api/me/tasks/t1').flush(taskDetail());
    await fixture.whenStable();
    expect(byTestId(el, 'task-finished')).toBeNull();
    const child = fixture.debugElement.query(By.directive(DocumentRequestComponent))
      .componentInstance as DocumentRequestComponent;
    child.updated.emit(allDone({ status: 'completed' }));
    fixture.detectChanges();
    await fixture.whenStable();
    const heading = el.querySelector('#finished-heading');
    expect(heading?.textContent).toContain('All done, thank you');
    expect(document.activeElement).toBe(heading);
    expect(byTestId(el, 'task-finished')?.getAttribute('role')).toBe('status');
  });

  it('loads again when the id changes', async () => {
    http.expectOne('/api/me/tasks/t1').flush(taskDetail());
    await fixture.whenStable();
    fixture.componentRef.setInput('id', 't2');
    fixture.detectChanges();
    http.expectOne('/api/me/tasks/t2').flush(taskDetail({ id: 't2', title: 'Second task' }));
    await fixture.whenStable();
    expect(byTestId(el, 'task-title')?.textContent).toContain('Second task');
  });

  it('shows the forms for each kind, documents from the firm and the message thread', async () => {
    http.expectOne('/api/me/tasks/t1').flush(
      taskDetail({
        requests: [
          { id: 'q1', kind: 'question', prompt: 'Q?', status: 'open', position: 0, answer: null },
          {
            id: 'c1',
            kind: 'confirmation',
            prompt: 'C?',
            status: 'open',
            position: 1,
            answer: null,
          },
          { id: 'd1', kind: 'document', prompt: 'D?', status: 'open', position: 2, answer: null },
        ],
        documents: [
          {
            id: 'f1',
            requestId: null,
            filename: 'Certificate.pdf',
            contentType: 'application/pdf',
            size: 10,
            sha256: 'x',
            uploadedBy: 'staff',
            createdAt: '',
          },
        ],
        messages: [
          {
            id: 'm1',
            author: 'staff',
            authorName: 'Anna Berg',
            body: 'Welcome',
            createdAt: '2030-01-01T10:00:00Z',
          },
        ],
      }),
    );
    await fixture.whenStable();
    fixture.detectChanges();
    expect(byTestId(el, 'answer-input')).not.toBeNull();
    expect(byTestId(el, 'approve')).not.toBeNull();
    expect(byTestId(el, 'file-input')).not.toBeNull();
    expect(byTestId(el, 'firm-document-download')?.getAttribute('href')).toBe(
      '/api/me/tasks/t1/documents/f1',
    );
    expect(byTestId(el, 'message-item')?.textContent).toContain('Welcome');
  });

  it('shows a closed task read-only', async () => {
    http.expectOne('/api/me/tasks/t1').flush(
      taskDetail({
        status: 'cancelled',
        requests: [
          { id: 'q1', kind: 'question', prompt: 'Q?', status: 'open', position: 0, answer: null },
        ],
      }),
    );
    await fixture.whenStable();
    expect(byTestId(el, 'answer-input')).toBeNull();
    expect(byTestId(el, 'message-input')).toBeNull();
  });
});
