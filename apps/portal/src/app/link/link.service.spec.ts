import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { LinkService } from './link.service';

describe('LinkService', () => {
  let service: LinkService;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    service = TestBed.inject(LinkService);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('reads the status with a POST carrying the token in the body, not the URL', () => {
    let state: string | undefined;
    service.status('tok-1').subscribe((res) => (state = res.state));
    const req = http.expectOne('/api/links/status');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ token: 'tok-1' });
    req.flush({ state: 'ready', firmName: 'Acme', maskedEmail: 'j•••@example.com' });
    expect(state).toBe('ready');
  });

  it('redeems with a POST to /api/links/redeem', () => {
    service.redeem('tok-2').subscribe();
    const req = http.expectOne('/api/links/redeem');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ token: 'tok-2' });
    req.flush({ state: 'trusted', tasks: [] });
  });

  it('asks for an access link with a POST to /api/links/access-link', () => {
    let masked: string | undefined;
    service.sendAccessLink('tok-3').subscribe((res) => (masked = res.maskedEmail));
    const req = http.expectOne('/api/links/access-link');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ token: 'tok-3' });
    req.flush(
      { maskedEmail: 'j•••@example.com', retryAfterSeconds: 60 },
      { status: 202, statusText: 'Accepted' },
    );
    expect(masked).toBe('j•••@example.com');
  });
});
