import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap, provideRouter } from '@angular/router';
import type { BulkDispatchResponse, TaskTemplateView } from '@app/contracts';
import { byTestId } from '../../../testing/fixtures';
import { StaffSessionService } from '../staff-session.service';
import { BulkComponent } from './bulk.component';
import { ComposeComponent } from './compose.component';
import { ownerOptions, staffName } from './owner-options';
import { TemplatesComponent } from './templates.component';

const TEMPLATE: TaskTemplateView = {
  id: 'tpl-1',
  name: 'Power of attorney',
  title: 'Sign the power of attorney',
  description: null,
  requests: [{ kind: 'document', prompt: 'Upload the signed power of attorney.' }],
  dueInDays: 7,
  statutory: false,
  uses: 0,
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
  archivedAt: null,
};

function setUp(query: Record<string, string> = {}) {
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      provideRouter([]),
      {
        provide: ActivatedRoute,
        useValue: { snapshot: { queryParamMap: convertToParamMap(query) } },
      },
      {
        provide: StaffSessionService,
        useValue: {
          session: signal({ staff: { id: 'me', username: 'pat', role: 'staff', email: null } }),
          forget: jest.fn(),
        },
      },
    ],
  });
  return TestBed.inject(HttpTestingController);
}

function type(el: HTMLElement, testId: string, value: string): void {
  const input = byTestId(el, testId) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

describe('ComposeComponent', () => {
  it('prefills from a template, sends once with one key, and keeps the key for a retry', async () => {
    const http = setUp({ clientId: 'c1', templateId: 'tpl-1' });
    const fixture = TestBed.createComponent(ComposeComponent);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    http.expectOne('/api/admin/clients/c1').flush({ id: 'c1', name: 'Jane', email: 'j@x.io' });
    http.expectOne('/api/admin/task-templates').flush([TEMPLATE]);
    await fixture.whenStable();
    expect(byTestId(el, 'compose-client')?.textContent).toContain('Jane');
    expect((byTestId(el, 'compose-title') as HTMLInputElement).value).toBe(TEMPLATE.title);
    expect((byTestId(el, 'compose-due') as HTMLInputElement).value).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const send = byTestId(el, 'compose-send') as HTMLButtonElement;
    send.click();
    send.click();
    const first = http.expectOne('/api/admin/clients/c1/compose');
    const key = first.request.headers.get('Idempotency-Key');
    expect(key).toBeTruthy();
    expect(first.request.body).toMatchObject({
      templateId: 'tpl-1',
      title: TEMPLATE.title,
      requests: TEMPLATE.requests,
      ownerStaffId: 'me',
    });
    first.flush(null, { status: 0, statusText: 'Network' });
    await fixture.whenStable();
    expect(byTestId(el, 'compose-error')?.textContent).toContain('connection');

    send.click();
    const retry = http.expectOne('/api/admin/clients/c1/compose');
    expect(retry.request.headers.get('Idempotency-Key')).toBe(key);
    retry.flush({
      task: { id: 'task-9', title: TEMPLATE.title },
      dispatch: { id: 'd1' },
      sent: { to: 'j@x.io', mode: 'link', mail: 'dispatch-link' },
    });
    await fixture.whenStable();
    expect(byTestId(el, 'compose-sent')?.textContent).toContain(
      'Sent to Jane: Sign the power of attorney',
    );
    expect(byTestId(el, 'compose-sent-task')?.getAttribute('href')).toBe(
      '/staff/clients/c1/tasks/task-9',
    );
    expect(send.disabled).toBe(true);

    // Another task: a new key.
    byTestId(el, 'compose-another')!.click();
    await fixture.whenStable();
    type(el, 'compose-title', 'Renewal');
    (el.querySelector('[data-testid="request-prompt"]') as HTMLTextAreaElement).value = 'Renew?';
    el.querySelector('[data-testid="request-prompt"]')!.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    send.click();
    const next = http.expectOne('/api/admin/clients/c1/compose');
    expect(next.request.headers.get('Idempotency-Key')).not.toBe(key);
    expect(next.request.body).toMatchObject({ title: 'Renewal', dueDate: null });
    expect(next.request.body).not.toHaveProperty('templateId');
    http.verify();
  });

  it('asks for a client, a title and a request before sending anything', async () => {
    const http = setUp();
    const fixture = TestBed.createComponent(ComposeComponent);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    http
      .expectOne((r) => r.url === '/api/admin/client-summaries')
      .flush({ items: [], total: 0, offset: 0, limit: 20 });
    http.expectOne('/api/admin/task-templates').flush([]);
    await fixture.whenStable();
    expect(byTestId(el, 'compose-clients-empty')).not.toBeNull();
    (byTestId(el, 'compose-send') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(byTestId(el, 'compose-error')).not.toBeNull();
    expect(el.textContent).toContain('Please choose the client.');
    expect(el.textContent).toContain('Please give the task a title.');
    http.verify();
  });
});

describe('TemplatesComponent', () => {
  it('shows the empty state, then the API message when a name is taken', async () => {
    const http = setUp();
    const fixture = TestBed.createComponent(TemplatesComponent);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    http.expectOne('/api/admin/task-templates').flush([]);
    await fixture.whenStable();
    expect(byTestId(el, 'templates-empty')?.textContent).toContain('No templates yet');
    byTestId(el, 'templates-new')!.click();
    await fixture.whenStable();
    type(el, 'template-name', 'Power of attorney');
    type(el, 'template-title', 'Sign it');
    const prompt = el.querySelector('[data-testid="request-prompt"]') as HTMLTextAreaElement;
    prompt.value = 'Upload it.';
    prompt.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    byTestId(el, 'template-save')!.click();
    const post = http.expectOne('/api/admin/task-templates');
    expect(post.request.body).toMatchObject({
      name: 'Power of attorney',
      requests: [{ kind: 'question', prompt: 'Upload it.' }],
      dueInDays: null,
    });
    post.flush(
      { error: 'template_name_taken', message: 'A template with this name already exists.' },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();
    const form = byTestId(el, 'template-form')!;
    expect(form.querySelector('.field-error')?.textContent).toContain(
      'A template with this name already exists.',
    );
    http.verify();
  });

  it('edits a template with PATCH and archives a used one after a confirmation', async () => {
    const http = setUp();
    const fixture = TestBed.createComponent(TemplatesComponent);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const used = { ...TEMPLATE, uses: 3 };
    http.expectOne('/api/admin/task-templates').flush([used]);
    await fixture.whenStable();
    byTestId(el, 'template-edit')!.click();
    await fixture.whenStable();
    expect((byTestId(el, 'template-name') as HTMLInputElement).value).toBe(TEMPLATE.name);
    type(el, 'template-title', 'Sign the new power of attorney');
    byTestId(el, 'template-save')!.click();
    const patch = http.expectOne('/api/admin/task-templates/tpl-1');
    expect(patch.request.method).toBe('PATCH');
    expect(patch.request.body).toMatchObject({
      title: 'Sign the new power of attorney',
      requests: TEMPLATE.requests,
      dueInDays: 7,
    });
    patch.flush({ ...used, title: 'Sign the new power of attorney' });
    http.expectOne('/api/admin/task-templates').flush([used]);
    await fixture.whenStable();
    expect(byTestId(el, 'templates-notice')?.textContent).toContain('saved');

    byTestId(el, 'template-delete')!.click();
    await fixture.whenStable();
    expect(el.textContent).toContain('It was used, so it is archived');
    byTestId(el, 'template-delete-confirm')!.click();
    const del = http.expectOne('/api/admin/task-templates/tpl-1');
    expect(del.request.method).toBe('DELETE');
    del.flush({ outcome: 'archived' });
    http.expectOne('/api/admin/task-templates').flush([]);
    await fixture.whenStable();
    expect(byTestId(el, 'templates-notice')?.textContent).toContain('archived');
    expect(byTestId(el, 'templates-empty')).not.toBeNull();
    http.verify();
  });
});

describe('BulkComponent', () => {
  it('sends the chosen clients with a key and shows per-row results', async () => {
    const http = setUp();
    const fixture = TestBed.createComponent(BulkComponent);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    http
      .expectOne((r) => r.url === '/api/admin/client-summaries')
      .flush({
        items: [
          { id: 'a', name: 'Ann', email: 'a@x.io' },
          { id: 'b', name: 'Bob', email: 'b@x.io' },
        ],
        total: 2,
        offset: 0,
        limit: 50,
      });
    http.expectOne('/api/admin/task-templates').flush([TEMPLATE]);
    await fixture.whenStable();
    const select = byTestId(el, 'bulk-template') as HTMLSelectElement;
    select.value = 'tpl-1';
    select.dispatchEvent(new Event('change'));
    for (const id of ['bulk-pick-a@x.io', 'bulk-pick-b@x.io']) {
      const box = byTestId(el, id) as HTMLInputElement;
      box.checked = true;
      box.dispatchEvent(new Event('change'));
    }
    await fixture.whenStable();
    expect(byTestId(el, 'bulk-chosen-count')?.textContent).toContain('2 clients chosen');
    byTestId(el, 'bulk-send')!.click();
    await fixture.whenStable();
    expect(byTestId(el, 'bulk-progress')?.textContent).toContain('Sending to 2 clients');
    const req = http.expectOne('/api/admin/bulk-dispatches');
    expect(req.request.headers.get('Idempotency-Key')).toBeTruthy();
    expect(req.request.body).toMatchObject({ templateId: 'tpl-1', clientIds: ['a', 'b'] });
    const answer: BulkDispatchResponse = {
      templateId: 'tpl-1',
      total: 2,
      sent: 1,
      skipped: 1,
      failed: 0,
      results: [
        { row: 1, clientId: 'a', email: 'a@x.io', status: 'sent', taskId: 't1' },
        {
          row: 2,
          clientId: 'b',
          email: 'b@x.io',
          status: 'skipped',
          reason: { error: 'task_open', message: 'This client already has this task open.' },
        },
      ],
    };
    req.flush(answer);
    await fixture.whenStable();
    expect(byTestId(el, 'bulk-summary')?.textContent).toContain('1 sent, 1 skipped, 0 failed of 2');
    const rows = el.querySelectorAll('[data-testid="bulk-row"]');
    expect(rows[0].textContent).toContain('Ann (a@x.io)');
    expect(rows[1].textContent).toContain('This client already has this task open.');
    http.verify();
  });
});

describe('ownerOptions', () => {
  function adminSetUp() {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: StaffSessionService,
          useValue: {
            session: signal({ staff: { id: 'me', username: 'root', role: 'admin', email: null } }),
            forget: jest.fn(),
          },
        },
      ],
    });
    return TestBed.inject(HttpTestingController);
  }

  it('lists me first, then the other staff users by display name', () => {
    const http = adminSetUp();
    const owners = TestBed.runInInjectionContext(() => ownerOptions());
    expect(owners.me()).toBe('me');
    http.expectOne('/api/admin/staff').flush([
      { id: 'me', username: 'root', role: 'admin', email: null, createdAt: '' },
      { id: 's2', username: 'anna', displayName: 'Anna Berg', role: 'staff', email: null },
    ]);
    expect(owners.options()).toEqual([
      { id: 'me', label: 'Me (root)' },
      { id: 's2', label: 'Anna Berg (staff)' },
    ]);
    http.verify();
  });

  it('keeps only me when the list is refused', () => {
    const http = adminSetUp();
    const owners = TestBed.runInInjectionContext(() => ownerOptions());
    http
      .expectOne('/api/admin/staff')
      .flush(
        { error: 'forbidden', message: 'Only administrators.' },
        { status: 403, statusText: 'Forbidden' },
      );
    expect(owners.options()).toEqual([{ id: 'me', label: 'Me (root)' }]);
    expect(staffName({ username: 'x', displayName: '  ' })).toBe('x');
    http.verify();
  });
});
