import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { AdminTaskView, MessageView } from '@app/contracts';
import { StaffTaskComponent } from './staff-task.component';
import { documentUrl, taskPath } from './staff-task.service';
import {
  answerText,
  fileSize,
  messageAuthor,
  previousAnswerText,
  staffRequestStatus,
  staffTaskStatus,
} from './staff-task-labels';

const TASK = '/api/admin/clients/c1/tasks/t1';

function view(change: Partial<AdminTaskView> = {}): AdminTaskView {
  return {
    id: 't1',
    clientId: 'c1',
    reference: 'TM-7',
    title: 'Renewal',
    status: 'open',
    dueDate: '2030-12-06',
    openRequests: 0,
    totalRequests: 2,
    dispatchedAt: '2030-11-01T10:00:00.000Z',
    completedAt: null,
    description: null,
    needsFirm: true,
    ownerStaffId: null,
    requests: [
      {
        id: 'r1',
        kind: 'question',
        prompt: 'Which classes?',
        status: 'done',
        position: 1,
        answer: {
          status: 'submitted',
          text: 'Classes 9 and 42',
          decision: null,
          by: 'client',
          updatedAt: '2030-11-02T10:00:00.000Z',
          submittedAt: '2030-11-02T10:00:00.000Z',
        },
      },
      {
        id: 'r2',
        kind: 'confirmation',
        prompt: 'Confirm the address',
        status: 'done',
        position: 2,
        answer: {
          status: 'submitted',
          text: 'We moved.',
          decision: 'declined',
          by: 'client',
          updatedAt: '2030-11-02T10:00:00.000Z',
          submittedAt: '2030-11-02T10:00:00.000Z',
        },
      },
    ],
    documents: [],
    messages: [],
    changes: [],
    ...change,
  };
}

const byTestId = (el: HTMLElement, id: string) => el.querySelector(`[data-testid="${id}"]`);

describe('staff task labels', () => {
  it('words the task in staff terms: a declined confirmation needs the firm, never Completed', () => {
    expect(staffTaskStatus({ status: 'open', needsFirm: false })).toBe('Open');
    expect(staffTaskStatus({ status: 'completed', needsFirm: true })).toBe('Needs the firm');
    expect(staffTaskStatus({ status: 'completed', needsFirm: false })).toBe('Completed');
    expect(staffTaskStatus({ status: 'cancelled', needsFirm: true })).toBe('Cancelled');
  });

  it('words each request, its answer and its earlier answers', () => {
    const [question, confirmation] = view().requests;
    expect(staffRequestStatus(question)).toBe('Answered');
    expect(staffRequestStatus(confirmation)).toBe('Declined: needs the firm');
    expect(staffRequestStatus({ ...question, status: 'open', changeNote: 'More' })).toBe(
      'Reopened: changes requested',
    );
    expect(staffRequestStatus({ ...question, status: 'open', answer: null })).toBe(
      'Waiting on the client',
    );
    expect(answerText('question', question.answer)).toBe('Classes 9 and 42');
    expect(answerText('confirmation', confirmation.answer)).toBe(
      "Declined. The client's note: We moved.",
    );
    expect(answerText('question', { ...question.answer!, status: 'draft' })).toBe('');
    expect(
      previousAnswerText('confirmation', { text: null, decision: 'approved', submittedAt: null }),
    ).toBe('Approved');
  });

  it('names message authors: the client, the staff member, or "Firm" without a name', () => {
    const m: MessageView = { id: 'm', author: 'staff', body: 'Hi', createdAt: '' } as MessageView;
    expect(messageAuthor({ ...m, authorName: 'Anna Berg' }, 'Jane')).toBe('Anna Berg');
    expect(messageAuthor({ ...m, authorName: null }, 'Jane')).toBe('Firm');
    expect(messageAuthor({ ...m, author: 'client' }, 'Jane')).toBe('Jane');
    expect(messageAuthor({ ...m, author: 'client' }, null)).toBe('Client');
  });

  it('builds paths with encoded ids and sizes in words', () => {
    expect(taskPath('c 1', 't/1')).toBe('/api/admin/clients/c%201/tasks/t%2F1');
    expect(documentUrl('c1', 't1', 'd1')).toBe(`${TASK}/documents/d1`);
    expect(fileSize(512)).toBe('512 bytes');
    expect(fileSize(2048)).toBe('2 KB');
    expect(fileSize(1.5 * 1024 * 1024)).toBe('1.5 MB');
  });
});

describe('StaffTaskComponent', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<StaffTaskComponent>;
  let el: HTMLElement;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(StaffTaskComponent);
    fixture.componentRef.setInput('clientId', 'c1');
    fixture.componentRef.setInput('taskId', 't1');
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  async function loaded(task = view()): Promise<void> {
    http.expectOne(TASK).flush(task);
    await fixture.whenStable();
    http.expectOne({ method: 'PUT', url: '/api/admin/inbox/tasks/t1/read' }).flush({ seenAt: '' });
    http.expectOne('/api/admin/clients/c1').flush({ id: 'c1', name: 'Jane Client' });
    await fixture.whenStable();
  }

  it('shows the task, marks it read and names the client', async () => {
    expect(byTestId(el, 'staff-task-loading')).not.toBeNull();
    await loaded();
    expect(byTestId(el, 'staff-task-title')?.textContent).toContain('Renewal');
    expect(byTestId(el, 'staff-task-status')?.textContent).toContain('Needs the firm');
    expect(byTestId(el, 'staff-task-client')?.textContent).toContain('Jane Client');
    expect(byTestId(el, 'staff-task-owner')?.textContent).toContain('Nobody');
    expect(el.textContent).toContain('6 December 2030');
    expect(el.querySelectorAll('[data-testid="staff-request"]')).toHaveLength(2);
    expect(el.textContent).toContain("Declined. The client's note: We moved.");
  });

  it("names another staff member's task by the owner's name the API gives", async () => {
    await loaded({ ...view(), ownerStaffId: 's-other', ownerName: 'Anna Berg' });
    expect(byTestId(el, 'staff-task-owner')?.textContent).toContain('Anna Berg');
  });

  it('says a missing task does not exist, and shows the API sentence for other failures', async () => {
    http
      .expectOne(TASK)
      .flush(
        { error: 'task_not_found', message: 'No such task.' },
        { status: 404, statusText: 'Not Found' },
      );
    await fixture.whenStable();
    expect(byTestId(el, 'staff-task-not-found')?.textContent).toContain(
      'This task does not exist or was removed.',
    );
  });

  it('shows the error sentence with a retry', async () => {
    http
      .expectOne(TASK)
      .flush(
        { error: 'database_unavailable', message: 'The database is not answering.' },
        { status: 503, statusText: 'Unavailable' },
      );
    await fixture.whenStable();
    expect(byTestId(el, 'staff-task-error')?.textContent).toContain(
      'The database is not answering.',
    );
    (byTestId(el, 'staff-task-retry') as HTMLButtonElement).click();
    await loaded();
    expect(byTestId(el, 'staff-task-title')).not.toBeNull();
  });

  it('requests changes with a required note and shows the reopened request', async () => {
    await loaded();
    const button = el.querySelector<HTMLButtonElement>('[data-testid="staff-request-changes"]')!;
    button.click();
    await fixture.whenStable();
    const form = byTestId(el, 'staff-change-form') as HTMLFormElement;
    form.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    expect(byTestId(el, 'staff-change-error')?.textContent).toContain(
      'Please write what the client should change.',
    );
    const note = byTestId(el, 'staff-change-note') as HTMLTextAreaElement;
    note.value = 'Add class 35.';
    note.dispatchEvent(new Event('input'));
    form.dispatchEvent(new Event('submit'));
    const call = http.expectOne(`${TASK}/requests/r1/request-changes`);
    expect(call.request.body).toEqual({ note: 'Add class 35.' });
    const reopened = view();
    reopened.requests[0] = { ...reopened.requests[0], status: 'open', changeNote: 'Add class 35.' };
    call.flush(reopened);
    await fixture.whenStable();
    expect(byTestId(el, 'staff-request-change-note')?.textContent).toContain('Add class 35.');
    expect(byTestId(el, 'staff-task-announcement')?.textContent).toContain('Changes requested');
  });

  it('edits the title and due date of an open task', async () => {
    await loaded();
    (byTestId(el, 'staff-task-edit') as HTMLButtonElement).click();
    await fixture.whenStable();
    const due = byTestId(el, 'staff-task-edit-due') as HTMLInputElement;
    due.value = '2031-01-15';
    due.dispatchEvent(new Event('input'));
    (byTestId(el, 'staff-task-edit-form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    const call = http.expectOne({ method: 'PATCH', url: TASK });
    expect(call.request.body).toEqual({ title: 'Renewal', dueDate: '2031-01-15' });
    call.flush(view({ dueDate: '2031-01-15' }));
    await fixture.whenStable();
    expect(byTestId(el, 'staff-task-due')?.textContent).toContain('15 January 2031');
    expect(byTestId(el, 'staff-task-edit-form')).toBeNull();
  });

  it('sends a reply and shows it in the thread', async () => {
    await loaded();
    const box = byTestId(el, 'staff-reply') as HTMLTextAreaElement;
    box.value = 'The fee is unchanged.';
    box.dispatchEvent(new Event('input'));
    (box.closest('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    http.expectOne(`${TASK}/messages`).flush({
      id: 'm1',
      author: 'staff',
      authorName: 'Anna Berg',
      body: 'The fee is unchanged.',
      createdAt: '2030-11-03T10:00:00.000Z',
    });
    await fixture.whenStable();
    expect(byTestId(el, 'staff-message-author')?.textContent).toContain('Anna Berg');
    expect(byTestId(el, 'staff-task-announcement')?.textContent).toContain('Reply sent');
  });
});
