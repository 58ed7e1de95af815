import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ClientMeResponse } from '@app/contracts';
import { apiError, byTestId } from '../../testing/fixtures';
import { CreateLoginComponent } from './create-login.component';

const TRUSTED: ClientMeResponse = {
  via: 'device',
  username: null,
  maskedEmail: 'j•••@example.com',
  canCreateLogin: true,
};

describe('CreateLoginComponent', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<CreateLoginComponent>;
  let el: HTMLElement;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CreateLoginComponent);
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
  });
  afterEach(() => http.verify());

  async function me(body: ClientMeResponse | null): Promise<void> {
    const req = http.expectOne('/api/account/me');
    if (body) req.flush(body);
    else req.flush(apiError(401, 'unauthorized'), { status: 401, statusText: 'x' });
    await fixture.whenStable();
    fixture.detectChanges();
  }

  function fill(email: string, username: string, password: string): void {
    for (const [id, value] of [
      ['create-email', email],
      ['create-username', username],
      ['create-password', password],
    ]) {
      const input = byTestId(el, id) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
  }

  async function submit(): Promise<void> {
    byTestId(el, 'create-login-submit')!.click();
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  it('is not offered to a browser without a trusted link', async () => {
    await me(null);
    expect(byTestId(el, 'create-login-unavailable')).not.toBeNull();
    expect(byTestId(el, 'create-email')).toBeNull();
  });

  it('states the order-email rule with the masked address', async () => {
    await me(TRUSTED);
    expect(byTestId(el, 'email-rule')?.textContent).toContain(
      'e-mail address you placed your trademark order with',
    );
    expect(byTestId(el, 'email-rule')?.textContent).toContain('j•••@example.com');
  });

  it("shows the server's 422 message for a wrong email, beside the field", async () => {
    await me(TRUSTED);
    fill('other@example.com', 'jane.doe', 'a long pass phrase');
    await submit();
    http.expectOne('/api/account').flush(
      apiError(422, 'email_mismatch', {
        message:
          'Please use the e-mail address you placed your trademark order with: this one is not it.',
        fields: { email: ['must be the e-mail address the order was placed with'] },
      }),
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await fixture.whenStable();
    fixture.detectChanges();
    expect(byTestId(el, 'create-login-error')?.textContent).toContain('this one is not it');
    expect(byTestId(el, 'create-email-error')?.textContent).toContain('this one is not it');
    expect(byTestId(el, 'create-email')?.getAttribute('aria-invalid')).toBe('true');
  });

  it('checks the fields before sending', async () => {
    await me(TRUSTED);
    fill('not-an-email', 'x', 'short');
    await submit();
    expect(el.textContent).toContain('Use 12 to 128 characters.');
  });

  it('creates the login and confirms it, with where to go next (issue 13)', async () => {
    await me(TRUSTED);
    fill('jane@example.com', 'jane.doe', 'a long pass phrase');
    await submit();
    const req = http.expectOne('/api/account');
    expect(req.request.body).toEqual({
      email: 'jane@example.com',
      username: 'jane.doe',
      password: 'a long pass phrase',
    });
    req.flush({ username: 'jane.doe', expiresAt: '2030-01-01T00:00:00Z' });
    await fixture.whenStable();
    fixture.detectChanges();
    expect(el.querySelector('h1')?.textContent).toContain('Your login is ready');
    expect(byTestId(el, 'create-login-done')?.textContent).toContain(
      'You are now logged in as jane.doe',
    );
    expect(byTestId(el, 'create-login-tasks')?.getAttribute('href')).toBe('/tasks');
    expect(el.querySelector('form')).toBeNull();
  });
});
