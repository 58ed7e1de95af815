import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { StaffApiService } from './staff-api.service';
import { StaffSessionService } from './staff-session.service';

describe('StaffApiService', () => {
  let http: HttpTestingController;
  let api: StaffApiService;
  const navigate = jest.fn().mockResolvedValue(true);

  beforeEach(() => {
    navigate.mockClear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: Router, useValue: { navigate, url: '/staff/clients/c1' } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    api = TestBed.inject(StaffApiService);
  });
  afterEach(() => http.verify());

  it('sends the inbox filters as query parameters, leaving out the empty ones', () => {
    api.inbox({ view: 'needs_firm', owner: 'mine', q: '', offset: 0, limit: 25 }).subscribe();
    const req = http.expectOne((r) => r.url === '/api/admin/inbox');
    expect(req.request.params.keys().sort()).toEqual(['limit', 'offset', 'owner', 'view']);
    expect(req.request.params.get('view')).toBe('needs_firm');
  });

  it('marks read with PUT and unread with DELETE, encoding the id', () => {
    api.markRead('t/1').subscribe();
    expect(http.expectOne('/api/admin/inbox/tasks/t%2F1/read').request.method).toBe('PUT');
    api.markUnread('t1').subscribe();
    expect(http.expectOne('/api/admin/inbox/tasks/t1/read').request.method).toBe('DELETE');
  });

  it('a 401 forgets the session and goes to the sign-in, then back to this page', () => {
    const forget = jest.spyOn(TestBed.inject(StaffSessionService), 'forget');
    let failed = false;
    api.clients({}).subscribe({ error: () => (failed = true) });
    http
      .expectOne((r) => r.url === '/api/admin/client-summaries')
      .flush(
        { error: 'x', message: 'Please sign in as staff.' },
        { status: 401, statusText: 'No' },
      );
    expect(failed).toBe(true);
    expect(forget).toHaveBeenCalled();
    expect(navigate).toHaveBeenCalledWith(['/staff/sign-in'], {
      queryParams: { next: '/staff/clients/c1' },
    });
  });

  it('other errors stay on the page', () => {
    api.client('c1').subscribe({ error: () => undefined });
    http.expectOne('/api/admin/clients/c1').flush('', { status: 503, statusText: 'Down' });
    expect(navigate).not.toHaveBeenCalled();
  });
});
