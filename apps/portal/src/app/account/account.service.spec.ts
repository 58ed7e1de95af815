import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { AccountService } from './account.service';

describe('AccountService', () => {
  let http: HttpTestingController;
  let service: AccountService;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    service = TestBed.inject(AccountService);
  });
  afterEach(() => http.verify());

  it('creates a login with POST /api/account', () => {
    service.create({ email: 'a@b.c', username: 'ab', password: 'p' }).subscribe();
    const req = http.expectOne('/api/account');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ email: 'a@b.c', username: 'ab', password: 'p' });
  });

  it('signs in and out', () => {
    service.signIn({ username: 'ab', password: 'p' }).subscribe();
    expect(http.expectOne('/api/account/login').request.method).toBe('POST');
    service.signOut().subscribe();
    expect(http.expectOne('/api/account/logout').request.method).toBe('POST');
  });

  it('lists and revokes devices and sessions, encoding ids', () => {
    service.access().subscribe();
    expect(http.expectOne('/api/account/access').request.method).toBe('GET');
    service.revokeDevice('d/1').subscribe();
    expect(http.expectOne('/api/account/devices/d%2F1').request.method).toBe('DELETE');
    service.revokeSession('s1').subscribe();
    expect(http.expectOne('/api/account/sessions/s1').request.method).toBe('DELETE');
  });
});
