import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { BrandingResponse, ClientMeResponse } from '@app/contracts';
import { AppComponent } from './app.component';
import { BrandingService } from './core/branding.service';
import { ClientSessionService } from './core/client-session.service';
import { HomeComponent } from './home/home.component';

const BRANDING: BrandingResponse = {
  name: 'Marks & Co',
  logoUrl: '/assets/logo.svg',
  primaryColor: '#0f5132',
  timeZone: 'Europe/London',
  contact: {
    phone: '+44 20 7946 0000',
    email: 'help@marks.example',
    address: '1 High Street, London',
    officeHours: 'Monday to Friday, 09:00 to 17:00',
  },
};
const SIGNED_IN: ClientMeResponse = {
  via: 'account',
  username: 'jane',
  maskedEmail: 'j•••@example.com',
  canCreateLogin: false,
};

describe('the app shell (issue 13)', () => {
  let http: HttpTestingController;

  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [AppComponent],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    }).compileComponents();
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  async function load(me: ClientMeResponse | null): Promise<HTMLElement> {
    const branding = TestBed.inject(BrandingService).load();
    http.expectOne('/api/branding').flush(BRANDING);
    await branding;
    const session = TestBed.inject(ClientSessionService).refresh();
    const req = http.expectOne('/api/account/me');
    if (me) req.flush(me);
    else req.flush({ error: 'unauthorized' }, { status: 401, statusText: 'Unauthorized' });
    await session;
    const fixture = TestBed.createComponent(AppComponent);
    fixture.detectChanges();
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it("shows the firm's name, logo, colour and contact footer", async () => {
    const el = await load(null);
    expect(el.querySelector('[data-testid="brand-name"]')?.textContent).toContain('Marks & Co');
    expect(el.querySelector('[data-testid="brand-logo"]')?.getAttribute('src')).toBe(
      '/assets/logo.svg',
    );
    expect(document.documentElement.style.getPropertyValue('--color-brand')).toBe('#0f5132');
    const footer = el.querySelector('[data-testid="site-footer"]')?.textContent ?? '';
    for (const text of ['+44 20 7946 0000', 'help@marks.example', '1 High Street, London']) {
      expect(footer).toContain(text);
    }
    expect(footer).toContain('Office hours: Monday to Friday, 09:00 to 17:00');
    expect(el.querySelector('[data-testid="nav-log-in"]')).not.toBeNull();
  });

  it('signed in: the menu shows the name and Sign out instead of Log in', async () => {
    const el = await load(SIGNED_IN);
    expect(el.querySelector('[data-testid="nav-log-in"]')).toBeNull();
    expect(el.querySelector('[data-testid="nav-signed-in"]')?.textContent).toContain('jane');
    expect(el.querySelector('[data-testid="nav-sign-out"]')?.textContent).toContain('Sign out');
  });

  it('Home: the tasks link when signed in, the anonymous text otherwise', async () => {
    await load(SIGNED_IN);
    const home = TestBed.createComponent(HomeComponent);
    home.detectChanges();
    const el = home.nativeElement as HTMLElement;
    expect(el.querySelector('h1')?.textContent).toContain('Welcome back, jane');
    expect(el.querySelector('[data-testid="home-tasks-link"]')?.textContent).toContain(
      'Go to my tasks',
    );
    expect(el.querySelector('[data-testid="home-anonymous"]')).toBeNull();
  });
});
