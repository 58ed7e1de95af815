import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { of } from 'rxjs';
import { apiError, byTestId } from '../../../testing/fixtures';
import { StaffSessionService } from '../staff-session.service';
import { modeChoices, MySettingsComponent } from './my-settings.component';

describe('MySettingsComponent', () => {
  let http: HttpTestingController;
  const load = jest.fn(() => of(null));

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: StaffSessionService,
          useValue: {
            session: signal({
              staff: { id: 'me', displayName: 'Sam', email: null, role: 'staff' },
            }),
            load,
            forget: jest.fn(),
          },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  it('names the batching window the API uses', () => {
    expect(modeChoices(10).map((c) => c.mode)).toEqual(['immediate', 'batched', 'off']);
    expect(modeChoices(10)[1].hint).toContain('every 10 minutes');
    expect(modeChoices(1)[1].hint).toContain('every 1 minute');
  });

  it('shows the setting, saves a new mode with a confirmation, and the profile', async () => {
    const fixture = TestBed.createComponent(MySettingsComponent);
    const el = fixture.nativeElement as HTMLElement;
    const settle = async () => {
      fixture.detectChanges();
      await fixture.whenStable();
      fixture.detectChanges();
    };
    fixture.detectChanges();
    expect(byTestId(el, 'settings-loading')).not.toBeNull();
    http
      .expectOne('/api/admin/me/notification-settings')
      .flush({ mode: 'batched', email: null, windowMinutes: 15 });
    await settle();
    expect(byTestId(el, 'settings-no-email')).not.toBeNull();
    expect(el.textContent).toContain('every 15 minutes');
    expect((byTestId(el, 'settings-mode-batched') as HTMLInputElement).checked).toBe(true);

    byTestId(el, 'settings-mode-off')!.click();
    await settle();
    byTestId(el, 'settings-mode-save')!.click();
    const put = http.expectOne('/api/admin/me/notification-settings');
    expect(put.request.method).toBe('PUT');
    expect(put.request.body).toEqual({ mode: 'off' });
    put.flush({ mode: 'off', email: null, windowMinutes: 15 });
    await settle();
    expect(byTestId(el, 'settings-mode-saved')?.textContent).toContain('Off');

    const email = byTestId(el, 'settings-email-input') as HTMLInputElement;
    email.value = 'not an address';
    email.dispatchEvent(new Event('input'));
    byTestId(el, 'settings-profile-save')!.click();
    const patch = http.expectOne('/api/staff/session/profile');
    expect(patch.request.body).toEqual({ displayName: 'Sam', email: 'not an address' });
    patch.flush(
      apiError(422, 'validation_failed', {
        fields: { email: ['email must be an e-mail address'] },
      }),
      {
        status: 422,
        statusText: 'Unprocessable',
      },
    );
    await settle();
    expect(el.textContent).toContain('Email must be an e-mail address.');
    expect(load).not.toHaveBeenCalled();
  });
});
