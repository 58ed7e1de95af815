import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { StaffSessionView } from '@app/contracts';
import { StaffSessionService } from './staff-session.service';

const SESSION: StaffSessionView = {
  staff: { id: 's1', username: 'sam', displayName: 'Sam Patel', role: 'staff', email: null },
  expiresAt: '2026-11-26T12:00:00.000Z',
  via: 'cookie',
  firmName: 'Acme IP',
};

describe('StaffSessionService', () => {
  let http: HttpTestingController;
  let service: StaffSessionService;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    service = TestBed.inject(StaffSessionService);
  });
  afterEach(() => http.verify());

  it('signs in with POST /api/staff/session and remembers who is signed in (no token)', () => {
    service.signIn({ username: 'sam', password: 'p' }).subscribe();
    const req = http.expectOne('/api/staff/session');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ username: 'sam', password: 'p' });
    req.flush(SESSION);
    expect(service.session()).toEqual(SESSION);
  });

  it('load() answers null on 401 and forgets the session; other errors pass on', () => {
    let result: StaffSessionView | null | undefined;
    service.load().subscribe((s) => (result = s));
    http.expectOne('/api/staff/session').flush(SESSION);
    expect(result).toEqual(SESSION);
    service.load().subscribe((s) => (result = s));
    http
      .expectOne('/api/staff/session')
      .flush({ error: 'x', message: 'Please sign in.' }, { status: 401, statusText: 'No' });
    expect(result).toBeNull();
    expect(service.session()).toBeNull();
    let failed = false;
    service.load().subscribe({ error: () => (failed = true) });
    http.expectOne('/api/staff/session').flush('', { status: 503, statusText: 'Down' });
    expect(failed).toBe(true);
  });

  it('signs out with DELETE /api/staff/session', () => {
    service.signIn({ username: 'sam', password: 'p' }).subscribe();
    http.expectOne('/api/staff/session').flush(SESSION);
    service.signOut().subscribe();
    const req = http.expectOne('/api/staff/session');
    expect(req.request.method).toBe('DELETE');
    req.flush(null);
    expect(service.session()).toBeNull();
  });
});
