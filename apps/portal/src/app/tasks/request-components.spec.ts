import { HttpClient, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { inject, type Type } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { RequestView, TaskDetail } from '@app/contracts';
import { apiError, byTestId, taskDetail } from '../../testing/fixtures';
import { ConfirmationRequestComponent } from './confirmation-request.component';
import { DocumentRequestComponent } from './document-request.component';
import { MessageThreadComponent } from './message-thread.component';
import { QuestionRequestComponent } from './question-request.component';
import { UPLOAD_HTTP } from './upload.service';

const RULES = { maxBytes: 1024, allowedTypes: ['application/pdf'], allowedExtensions: ['pdf'] };

function setup<T>(component: Type<T>, inputs: Record<string, unknown>) {
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      { provide: UPLOAD_HTTP, useFactory: () => inject(HttpClient) },
    ],
  });
  const http = TestBed.inject(HttpTestingController);
  const fixture: ComponentFixture<T> = TestBed.createComponent(component);
  for (const [k, v] of Object.entries(inputs)) fixture.componentRef.setInput(k, v);
  fixture.detectChanges();
  const el = fixture.nativeElement as HTMLElement;
  const settle = async () => {
    fixture.detectChanges();
    await fixture.whenStable();
  };
  return { http, fixture, el, settle };
}

const typeInto = (el: HTMLElement | null, value: string) => {
  const input = el as HTMLInputElement | HTMLTextAreaElement;
  input.value = value;
  input.dispatchEvent(new Event('input'));
};

const req = (overrides: Partial<RequestView>): RequestView => ({
  id: 'r1',
  kind: 'question',
  prompt: 'Which goods?',
  status: 'open',
  position: 0,
  answer: null,
  ...overrides,
});

describe('QuestionRequestComponent', () => {
  it('saves a draft, then submits, and says so', async () => {
    const { http, el, settle, fixture } = setup(QuestionRequestComponent, {
      taskId: 't1',
      request: req({}),
    });
    const updates: TaskDetail[] = [];
    fixture.componentInstance.updated.subscribe((t) => updates.push(t));
    expect(el.querySelector('label[for="answer-r1"]')?.textContent).toContain('Your answer');
    typeInto(byTestId(el, 'answer-input'), 'Shoes');
    await settle();
    byTestId(el, 'save-draft')!.click();
    const draft = http.expectOne('/api/me/tasks/t1/requests/r1/draft');
    expect(draft.request.body).toEqual({ text: 'Shoes' });
    draft.flush(taskDetail());
    await settle();
    expect(byTestId(el, 'answer-note')?.textContent).toContain('Draft saved.');
    byTestId(el, 'submit-answer')!.click();
    await settle();
    // Issue 13: a confirm step first, which says the answer is final.
    http.expectNone('/api/me/tasks/t1/requests/r1/submit');
    expect(byTestId(el, 'confirm-text')?.textContent).toContain(
      "You won't be able to change this answer after sending. Send?",
    );
    expect(byTestId(el, 'confirm-step')?.getAttribute('role')).toBe('group');
    byTestId(el, 'confirm-send')!.click();
    const submit = http.expectOne('/api/me/tasks/t1/requests/r1/submit');
    expect(submit.request.body).toEqual({ text: 'Shoes' });
    submit.flush(taskDetail());
    expect(updates).toHaveLength(2);
    http.verify();
  });

  it('refuses to submit an empty answer without calling the API, and shows API errors', async () => {
    const { http, el, settle } = setup(QuestionRequestComponent, {
      taskId: 't1',
      request: req({}),
    });
    byTestId(el, 'submit-answer')!.click();
    await settle();
    expect(byTestId(el, 'answer-error')?.textContent).toContain('Please write an answer');
    expect(byTestId(el, 'answer-input')?.getAttribute('aria-invalid')).toBe('true');
    typeInto(byTestId(el, 'answer-input'), 'x');
    byTestId(el, 'submit-answer')!.click();
    await settle();
    byTestId(el, 'confirm-send')!.click();
    http
      .expectOne('/api/me/tasks/t1/requests/r1/submit')
      .flush(apiError(409, 'request_done', { message: 'This request was already completed.' }), {
        status: 409,
        statusText: 'Conflict',
      });
    await settle();
    expect(byTestId(el, 'answer-error')?.textContent).toContain('already completed');
    http.verify();
  });

  it('starts from the saved draft and shows a submitted answer read-only', async () => {
    const draft = setup(QuestionRequestComponent, {
      taskId: 't1',
      request: req({
        answer: {
          status: 'draft',
          text: 'Half',
          decision: null,
          by: 'client',
          updatedAt: '',
          submittedAt: null,
        },
      }),
    });
    await draft.settle();
    expect((byTestId(draft.el, 'answer-input') as HTMLTextAreaElement).value).toBe('Half');
    TestBed.resetTestingModule();
    const done = setup(QuestionRequestComponent, {
      taskId: 't1',
      request: req({
        status: 'done',
        answer: {
          status: 'submitted',
          text: 'Final',
          decision: null,
          by: 'client',
          updatedAt: '',
          submittedAt: '',
        },
      }),
    });
    expect(byTestId(done.el, 'answer-text')?.textContent).toContain('Final');
    expect(byTestId(done.el, 'answer-input')).toBeNull();
  });
});

describe('ConfirmationRequestComponent', () => {
  it('requires a reason to decline, then sends it', async () => {
    const { http, el, settle } = setup(ConfirmationRequestComponent, {
      taskId: 't1',
      request: req({ kind: 'confirmation', prompt: 'Confirm the address' }),
    });
    (byTestId(el, 'decline') as HTMLInputElement).click();
    await settle();
    expect(el.querySelector('label[for="reason-r1"]')?.textContent).toContain('Why do you decline');
    byTestId(el, 'submit-decision')!.click();
    await settle();
    expect(byTestId(el, 'decision-error')?.textContent).toContain('say why');
    typeInto(byTestId(el, 'decline-reason'), 'The street is wrong');
    await settle();
    byTestId(el, 'submit-decision')!.click();
    await settle();
    expect(byTestId(el, 'confirm-text')?.textContent).toContain('Send that you decline?');
    byTestId(el, 'confirm-send')!.click();
    const call = http.expectOne('/api/me/tasks/t1/requests/r1/submit');
    expect(call.request.body).toEqual({ decision: 'declined', reason: 'The street is wrong' });
    call.flush(taskDetail());
    http.verify();
  });

  it('"Not yet" (or Escape) leaves the confirm step without sending', async () => {
    const { http, el, settle } = setup(ConfirmationRequestComponent, {
      taskId: 't1',
      request: req({ kind: 'confirmation' }),
    });
    (byTestId(el, 'approve') as HTMLInputElement).click();
    await settle();
    byTestId(el, 'submit-decision')!.click();
    await settle();
    byTestId(el, 'confirm-cancel')!.click();
    await settle();
    expect(byTestId(el, 'confirm-step')).toBeNull();
    byTestId(el, 'submit-decision')!.click();
    await settle();
    byTestId(el, 'confirm-step')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await settle();
    expect(byTestId(el, 'confirm-step')).toBeNull();
    http.verify();
  });

  it('approves without a reason', async () => {
    const { http, el, settle } = setup(ConfirmationRequestComponent, {
      taskId: 't1',
      request: req({ kind: 'confirmation' }),
    });
    (byTestId(el, 'approve') as HTMLInputElement).click();
    await settle();
    byTestId(el, 'submit-decision')!.click();
    await settle();
    http.expectNone('/api/me/tasks/t1/requests/r1/submit');
    byTestId(el, 'confirm-send')!.click();
    expect(http.expectOne('/api/me/tasks/t1/requests/r1/submit').request.body).toEqual({
      decision: 'approved',
    });
  });
});

describe('DocumentRequestComponent', () => {
  const choose = (el: HTMLElement, file: File) => {
    const input = byTestId(el, 'file-input') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
  };

  it('refuses a file that is too large or of the wrong type before sending it', async () => {
    const { http, el, settle } = setup(DocumentRequestComponent, {
      taskId: 't1',
      request: req({ kind: 'document' }),
    });
    http.expectOne('/api/me/upload-rules').flush(RULES);
    await settle();
    expect(byTestId(el, 'file-input')?.getAttribute('accept')).toBe('.pdf');
    choose(el, new File([new Uint8Array(2048)], 'big.pdf', { type: 'application/pdf' }));
    await settle();
    expect(byTestId(el, 'upload-error')?.textContent).toContain('at most 1 KB');
    choose(el, new File(['x'], 'a.exe', { type: 'application/x-msdownload' }));
    await settle();
    expect(byTestId(el, 'upload-error')?.textContent).toContain('not a type we accept');
    http.verify();
  });

  it('uploads with a progress bar, then reports the server’s refusal clearly', async () => {
    const { http, el, settle, fixture } = setup(DocumentRequestComponent, {
      taskId: 't1',
      request: req({ kind: 'document' }),
    });
    const uploaded: unknown[] = [];
    fixture.componentInstance.uploaded.subscribe((d) => uploaded.push(d));
    http.expectOne('/api/me/upload-rules').flush(RULES);
    choose(el, new File(['%PDF-1.7'], 'a.pdf', { type: 'application/pdf' }));
    await settle();
    const call = http.expectOne('/api/me/tasks/t1/requests/r1/documents');
    call.event({ type: 1, loaded: 3, total: 4 });
    await settle();
    expect((byTestId(el, 'upload-progress') as HTMLProgressElement).value).toBe(75);
    call.flush({ id: 'd1', filename: 'a.pdf' }, { status: 201, statusText: 'Created' });
    await settle();
    expect(byTestId(el, 'upload-note')?.textContent).toContain('a.pdf was uploaded');
    expect(uploaded).toHaveLength(1);

    choose(el, new File(['<html>'], 'b.pdf', { type: 'application/pdf' }));
    await settle();
    http
      .expectOne('/api/me/tasks/t1/requests/r1/documents')
      .flush(
        apiError(415, 'file_type_not_allowed', { message: 'The file’s content is not a PDF.' }),
        {
          status: 415,
          statusText: 'Unsupported Media Type',
        },
      );
    await settle();
    expect(byTestId(el, 'upload-error')?.textContent).toContain('not a PDF');
    http.verify();
  });

  it('lists the files with download links and completes the request once there is one', async () => {
    const { http, el, settle } = setup(DocumentRequestComponent, {
      taskId: 't1',
      request: req({ kind: 'document' }),
      documents: [
        {
          id: 'd1',
          requestId: 'r1',
          filename: 'scan.pdf',
          contentType: 'application/pdf',
          size: 2048,
          sha256: 'x',
          uploadedBy: 'client',
          createdAt: '',
        },
      ],
    });
    http.expectOne('/api/me/upload-rules').flush(RULES);
    await settle();
    expect(byTestId(el, 'document-download')?.getAttribute('href')).toBe(
      '/api/me/tasks/t1/documents/d1',
    );
    // One button that says what it does, then the confirm step (issue 13).
    expect(byTestId(el, 'complete-documents')?.textContent).toContain('Submit 1 file');
    byTestId(el, 'complete-documents')!.click();
    await settle();
    http.expectNone('/api/me/tasks/t1/requests/r1/submit');
    expect(byTestId(el, 'confirm-text')?.textContent).toContain('Send 1 file?');
    byTestId(el, 'confirm-send')!.click();
    expect(http.expectOne('/api/me/tasks/t1/requests/r1/submit').request.body).toEqual({});
  });

  const doc = (id: string, filename: string, uploadedBy: 'client' | 'staff' = 'client') => ({
    id,
    requestId: 'r1',
    filename,
    contentType: 'application/pdf',
    size: 2048,
    sha256: 'x',
    uploadedBy,
    createdAt: '',
  });

  it('has a labelled drop zone that takes dropped files', async () => {
    const { http, el, settle } = setup(DocumentRequestComponent, {
      taskId: 't1',
      request: req({ kind: 'document' }),
    });
    http.expectOne('/api/me/upload-rules').flush(RULES);
    await settle();
    const input = byTestId(el, 'file-input') as HTMLInputElement;
    expect(el.querySelector(`label[for="${input.id}"]`)?.textContent).toContain(
      'Choose files to upload',
    );
    const zone = byTestId(el, 'drop-zone')!;
    const file = new File(['%PDF-1.7'], 'dropped.pdf', { type: 'application/pdf' });
    const drop = new Event('drop', { cancelable: true }) as Event & { dataTransfer: unknown };
    drop.dataTransfer = { files: [file] };
    zone.dispatchEvent(drop);
    await settle();
    expect(drop.defaultPrevented).toBe(true);
    const call = http.expectOne('/api/me/tasks/t1/requests/r1/documents');
    expect((call.request.body as FormData).get('file')).toBeTruthy();
  });

  it('removes a file of its own until submitted, but not one the firm sent', async () => {
    const { http, el, settle, fixture } = setup(DocumentRequestComponent, {
      taskId: 't1',
      request: req({ kind: 'document' }),
      documents: [doc('d1', 'scan.pdf'), doc('d2', 'firm.pdf', 'staff')],
    });
    const removed: string[] = [];
    fixture.componentInstance.removed.subscribe((id) => removed.push(id));
    http.expectOne('/api/me/upload-rules').flush(RULES);
    await settle();
    expect(el.querySelectorAll('[data-testid="document-remove"]')).toHaveLength(1);
    expect(byTestId(el, 'document-remove')?.getAttribute('aria-label')).toBe('Remove scan.pdf');
    byTestId(el, 'document-remove')!.click();
    const call = http.expectOne('/api/me/tasks/t1/documents/d1');
    expect(call.request.method).toBe('DELETE');
    call.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(removed).toEqual(['d1']);
    expect(byTestId(el, 'upload-note')?.textContent).toContain('scan.pdf was removed.');

    fixture.componentRef.setInput('request', req({ kind: 'document', status: 'done' }));
    await settle();
    expect(byTestId(el, 'document-remove')).toBeNull();
    expect(byTestId(el, 'documents-sent')?.textContent).toContain('You sent 2 files');
    http.verify();
  });

  it('replaces a file: the new one is stored first, then the old one removed', async () => {
    const { http, el, settle } = setup(DocumentRequestComponent, {
      taskId: 't1',
      request: req({ kind: 'document' }),
      documents: [doc('d1', 'old.pdf')],
    });
    http.expectOne('/api/me/upload-rules').flush(RULES);
    await settle();
    byTestId(el, 'document-replace')!.click();
    await settle();
    expect(byTestId(el, 'replace-note')?.textContent).toContain('replaces old.pdf');
    choose(el, new File(['%PDF-1.7'], 'new.pdf', { type: 'application/pdf' }));
    await settle();
    http
      .expectOne('/api/me/tasks/t1/requests/r1/documents')
      .flush(doc('d3', 'new.pdf'), { status: 201, statusText: 'Created' });
    await settle();
    const removal = http.expectOne('/api/me/tasks/t1/documents/d1');
    expect(removal.request.method).toBe('DELETE');
    removal.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(byTestId(el, 'upload-note')?.textContent).toContain('old.pdf was replaced by new.pdf.');
    http.verify();
  });
});

describe('MessageThreadComponent', () => {
  it('shows the thread with who wrote what, and posts a message', async () => {
    const { http, el, settle, fixture } = setup(MessageThreadComponent, {
      taskId: 't1',
      messages: [
        {
          id: 'm1',
          author: 'client',
          authorName: null,
          body: 'Question?',
          createdAt: '2030-01-01T10:00:00Z',
        },
        {
          id: 'm2',
          author: 'staff',
          authorName: 'Anna Berg',
          body: 'Answer.',
          createdAt: '2030-01-01T11:00:00Z',
        },
        {
          id: 'm4',
          author: 'staff',
          authorName: null,
          body: 'Old.',
          createdAt: '2030-01-01T12:00:00Z',
        },
      ],
    });
    const posted: unknown[] = [];
    fixture.componentInstance.posted.subscribe((m) => posted.push(m));
    const items = el.querySelectorAll('[data-testid="message-item"]');
    expect([...items].map((i) => i.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringContaining('You'),
      expect.stringContaining('Anna Berg'),
      expect.stringContaining('Your firm'),
    ]);
    // The staff member's name on their replies (issue 12); "You" for the client's own.
    expect(
      [...el.querySelectorAll('[data-testid="message-author"]')].map((a) => a.textContent?.trim()),
    ).toEqual(['You', 'Anna Berg', 'Your firm']);
    byTestId(el, 'send-message')!.click();
    await settle();
    expect(byTestId(el, 'message-error')?.textContent).toContain('write a message');
    typeInto(byTestId(el, 'message-input'), 'Thanks!');
    await settle();
    byTestId(el, 'send-message')!.click();
    const call = http.expectOne('/api/me/tasks/t1/messages');
    expect(call.request.body).toEqual({ body: 'Thanks!' });
    call.flush({ id: 'm3', author: 'client', body: 'Thanks!', createdAt: '' });
    expect(posted).toHaveLength(1);
  });

  it('says when there are no messages yet', () => {
    const { el } = setup(MessageThreadComponent, { taskId: 't1', messages: [] });
    expect(byTestId(el, 'no-messages')).not.toBeNull();
  });
});
