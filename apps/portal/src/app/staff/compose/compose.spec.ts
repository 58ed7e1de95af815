import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import type { TaskTemplateView } from '@app/contracts';
import { StaffSessionService } from '../staff-session.service';
import { BULK_STATUS_TEXT } from './bulk.component';
import { ComposeApiService } from './compose-api.service';
import {
  addDays,
  bulkSummary,
  cleanRequests,
  firmToday,
  moveItem,
  newIdempotencyKey,
  previewCsv,
  templateDueDate,
} from './compose-format';
import { matchesTemplate, requestCounts } from './templates.component';

const template = (change: Partial<TaskTemplateView> = {}): TaskTemplateView => ({
  id: 't1',
  name: 'Power of attorney',
  title: 'Sign the power of attorney',
  description: 'For the filing in class 25.',
  requests: [{ kind: 'document', prompt: 'Upload the signed power of attorney.' }],
  dueInDays: 14,
  statutory: false,
  uses: 0,
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
  archivedAt: null,
  ...change,
});

describe('compose helpers', () => {
  it('counts days on the firm calendar, across month and year ends', () => {
    expect(addDays('2026-11-26', 14)).toBe('2026-12-10');
    expect(addDays('2026-12-25', 10)).toBe('2027-01-04');
    expect(templateDueDate(14, '2026-11-26')).toBe('2026-12-10');
    expect(templateDueDate(null, '2026-11-26')).toBe('');
  });

  it("today is the firm's date, not the browser's", () => {
    const lateUtc = new Date('2026-11-26T23:30:00Z');
    expect(firmToday('UTC', lateUtc)).toBe('2026-11-26');
    expect(firmToday('Asia/Tokyo', lateUtc)).toBe('2026-11-27');
    expect(firmToday('America/New_York', lateUtc)).toBe('2026-11-26');
    expect(firmToday('Not/A_Zone', lateUtc)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('makes a new idempotency key each time', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(newIdempotencyKey()).not.toBe(a);
  });

  it('trims prompts and leaves empty requests out; moves a request up or down', () => {
    expect(
      cleanRequests([
        { kind: 'question', prompt: '  Which goods? ' },
        { kind: 'document', prompt: '   ' },
      ]),
    ).toEqual([{ kind: 'question', prompt: 'Which goods?' }]);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });

  it('previews a CSV as the API reads it: header, quotes, semicolons, bad rows', () => {
    const p = previewCsv(
      'Email,Name\njane@example.com,Jane Doe\n\n"sam@example.com";"Sam, Jr."\nnot-an-address,X\n,Nobody\n',
    );
    expect(p.tooMany).toBe(false);
    expect(p.rows).toEqual([
      { line: 2, email: 'jane@example.com', name: 'Jane Doe', problem: null },
      { line: 4, email: 'sam@example.com', name: 'Sam, Jr.', problem: null },
      { line: 5, email: 'not-an-address', name: 'X', problem: 'Not a valid e-mail address.' },
      { line: 6, email: '', name: 'Nobody', problem: 'No e-mail address.' },
    ]);
    const many = Array.from({ length: 201 }, (_, i) => `c${i}@example.com`).join('\n');
    expect(previewCsv(many)).toMatchObject({ tooMany: true });
    expect(previewCsv(many.split('\n').slice(0, 200).join('\n')).tooMany).toBe(false);
  });

  it('words the bulk results', () => {
    expect(bulkSummary({ total: 3, sent: 2, skipped: 1, failed: 0 })).toBe(
      '2 sent, 1 skipped, 0 failed of 3',
    );
    expect(BULK_STATUS_TEXT).toEqual({ sent: 'Sent', skipped: 'Skipped', failed: 'Failed' });
  });

  it('searches templates by name, title or description and counts their requests', () => {
    expect(matchesTemplate(template(), 'POWER')).toBe(true);
    expect(matchesTemplate(template(), 'class 25')).toBe(true);
    expect(matchesTemplate(template(), 'specimen')).toBe(false);
    expect(matchesTemplate(template(), '  ')).toBe(true);
    expect(
      requestCounts([
        { kind: 'question', prompt: 'a' },
        { kind: 'question', prompt: 'b' },
        { kind: 'confirmation', prompt: 'c' },
      ]),
    ).toBe('2 questions, 1 confirmation');
    expect(requestCounts([])).toBe('no requests');
  });
});

describe('ComposeApiService', () => {
  let http: HttpTestingController;
  let api: ComposeApiService;
  const navigate = jest.fn().mockResolvedValue(true);

  beforeEach(() => {
    navigate.mockClear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: Router, useValue: { navigate, url: '/staff/compose' } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    api = TestBed.inject(ComposeApiService);
  });
  afterEach(() => http.verify());

  it('sends compose and bulk with the Idempotency-Key it is given', () => {
    api.compose('c/1', { title: 'T', requests: [] }, 'key-1').subscribe();
    const compose = http.expectOne('/api/admin/clients/c%2F1/compose');
    expect(compose.request.method).toBe('POST');
    expect(compose.request.headers.get('Idempotency-Key')).toBe('key-1');
    api.bulk({ templateId: 't1', clientIds: ['a'] }, 'key-2').subscribe();
    const bulk = http.expectOne('/api/admin/bulk-dispatches');
    expect(bulk.request.headers.get('Idempotency-Key')).toBe('key-2');
    expect(bulk.request.body).toEqual({ templateId: 't1', clientIds: ['a'] });
  });

  it('keeps the template library through its routes', () => {
    api.templates().subscribe();
    expect(http.expectOne('/api/admin/task-templates').request.method).toBe('GET');
    api.updateTemplate('t1', { name: 'N' }).subscribe();
    expect(http.expectOne('/api/admin/task-templates/t1').request.method).toBe('PATCH');
    api.removeTemplate('t1').subscribe();
    expect(http.expectOne('/api/admin/task-templates/t1').request.method).toBe('DELETE');
  });

  it('searches clients with a trimmed query and a limit, leaving out an empty one', () => {
    api.clients('  jane ').subscribe();
    const req = http.expectOne((r) => r.url === '/api/admin/client-summaries');
    expect(req.request.params.get('q')).toBe('jane');
    expect(req.request.params.get('limit')).toBe('20');
    api.clients('').subscribe();
    const all = http.expectOne((r) => r.url === '/api/admin/client-summaries');
    expect(all.request.params.has('q')).toBe(false);
  });

  it('a 401 forgets the session and goes to the sign-in', () => {
    const forget = jest.spyOn(TestBed.inject(StaffSessionService), 'forget');
    api.templates().subscribe({ error: () => undefined });
    http
      .expectOne('/api/admin/task-templates')
      .flush({ error: 'x', message: 'Please sign in.' }, { status: 401, statusText: 'No' });
    expect(forget).toHaveBeenCalled();
    expect(navigate).toHaveBeenCalledWith(['/staff/sign-in'], {
      queryParams: { next: '/staff/compose' },
    });
  });
});
