import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { apiError, byTestId } from '../../testing/fixtures';
import { SignInComponent } from './sign-in.component';

describe('SignInComponent', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<SignInComponent>;
  let el: HTMLElement;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SignInComponent);
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
  });
  afterEach(() => http.verify());

  function type(id: string, value: string): void {
    const input = byTestId(el, id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function submit(): Promise<void> {
    byTestId(el, 'sign-in-submit')!.click();
    fixture.detectChanges();
    await fixture.whenStable();
  }

  it('offers to create a login only to a browser that may create one', async () => {
    http
      .expectOne('/api/account/me')
      .flush({ via: 'device', username: null, maskedEmail: 'j•••@x.com', canCreateLogin: true });
    await fixture.whenStable();
    expect(byTestId(el, 'create-login-link')).not.toBeNull();
  });

  it('explains where to create a login on an untrusted browser', async () => {
    http
      .expectOne('/api/account/me')
      .flush(apiError(401, 'unauthorized'), { status: 401, statusText: 'Unauthorized' });
    await fixture.whenStable();
    expect(byTestId(el, 'create-login-link')).toBeNull();
    // Issue 13: the true path, not a circle back to this page.
    const text = byTestId(el, 'create-login-unavailable')?.textContent ?? '';
    expect(text).toContain('A login is created in a browser that has your tasks open');
    expect(text).toContain('Send Access Link');
  });

  it('signs in and goes to the tasks', async () => {
    http
      .expectOne('/api/account/me')
      .flush(apiError(401, 'unauthorized'), { status: 401, statusText: 'x' });
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    type('sign-in-username', 'jane');
    type('sign-in-password', 'a long pass phrase');
    await submit();
    const req = http.expectOne('/api/account/login');
    expect(req.request.body).toEqual({ username: 'jane', password: 'a long pass phrase' });
    req.flush({ username: 'jane', expiresAt: '2030-01-01T00:00:00Z' });
    await fixture.whenStable();
    expect(navigate).toHaveBeenCalledWith(['/tasks']);
  });

  it('shows the server message, and the wait when throttled', async () => {
    http
      .expectOne('/api/account/me')
      .flush(apiError(401, 'unauthorized'), { status: 401, statusText: 'x' });
    type('sign-in-username', 'jane');
    type('sign-in-password', 'wrong');
    await submit();
    http.expectOne('/api/account/login').flush(
      apiError(429, 'too_many_attempts', {
        message: 'Too many failed sign-ins.',
        retryAfterSeconds: 90,
      }),
      {
        status: 429,
        statusText: 'Too Many Requests',
      },
    );
    await fixture.whenStable();
    fixture.detectChanges();
    expect(byTestId(el, 'sign-in-error')?.textContent).toContain('Too many failed sign-ins.');
    expect(byTestId(el, 'sign-in-wait')?.textContent).toContain('90 seconds');
    expect((byTestId(el, 'sign-in-submit') as HTMLButtonElement).disabled).toBe(true);
  });

  it('asks for both fields without calling the API', async () => {
    http
      .expectOne('/api/account/me')
      .flush(apiError(401, 'unauthorized'), { status: 401, statusText: 'x' });
    await submit();
    expect(el.textContent).toContain('Please enter your username and password.');
  });
});
