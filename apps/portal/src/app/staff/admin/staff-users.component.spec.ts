import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { StaffView } from '@app/contracts';
import { apiError, byTestId } from '../../../testing/fixtures';
import { StaffSessionService } from '../staff-session.service';
import { staffChanges, StaffUsersComponent } from './staff-users.component';

const SAM: StaffView = {
  id: 's1',
  username: 'sam',
  displayName: 'Sam Berg',
  role: 'staff',
  email: 'sam@firm.example',
  createdAt: '2026-11-01T10:00:00.000Z',
  disabledAt: null,
};

describe('StaffUsersComponent', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: StaffSessionService,
          useValue: { session: signal({ staff: { id: 'me', role: 'admin' } }), forget: jest.fn() },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  function render() {
    const fixture = TestBed.createComponent(StaffUsersComponent);
    fixture.detectChanges();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }

  async function settle(fixture: { detectChanges(): void; whenStable(): Promise<unknown> }) {
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  function type(el: HTMLElement, id: string, value: string): void {
    const input = byTestId(el, id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  it('a staff user edit sends only what changed; an emptied address removes it', () => {
    expect(
      staffChanges(SAM, { displayName: 'Sam Berg', email: 'sam@firm.example', role: 'staff' }),
    ).toEqual({});
    expect(staffChanges(SAM, { displayName: ' Samuel ', email: '', role: 'admin' })).toEqual({
      displayName: 'Samuel',
      email: null,
      role: 'admin',
    });
  });

  it('staff users: lists, and shows the API message when the username is taken', async () => {
    const { fixture, el } = render();
    expect(byTestId(el, 'staff-users-loading')).not.toBeNull();
    http.expectOne('/api/admin/staff').flush([SAM]);
    await settle(fixture);
    expect(byTestId(el, 'staff-users-list')?.textContent).toContain('Sam Berg');

    byTestId(el, 'staff-users-new')!.click();
    await settle(fixture);
    byTestId(el, 'staff-new-submit')!.click();
    await settle(fixture);
    expect(el.textContent).toContain('Please enter a username.');

    type(el, 'staff-new-username', 'sam');
    type(el, 'staff-new-password', 'a long enough passphrase');
    byTestId(el, 'staff-new-submit')!.click();
    const req = http.expectOne('/api/admin/staff');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({
      username: 'sam',
      password: 'a long enough passphrase',
      role: 'staff',
    });
    req.flush(apiError(409, 'username_taken'), { status: 409, statusText: 'Conflict' });
    await settle(fixture);
    expect(el.textContent).toContain('Message for username_taken.');
  });

  it('staff users: an empty list and a failed load say so', async () => {
    const { fixture, el } = render();
    http.expectOne('/api/admin/staff').flush(apiError(403, 'forbidden'), {
      status: 403,
      statusText: 'Forbidden',
    });
    await settle(fixture);
    expect(byTestId(el, 'staff-users-error')?.textContent).toContain('Message for forbidden.');
  });
  it('disables after a confirmation, enables again, and shows the API refusal', async () => {
    const { fixture, el } = render();
    http.expectOne('/api/admin/staff').flush([SAM, { ...SAM, id: 'me', username: 'boss' }]);
    await settle(fixture);
    expect(el.textContent).toContain('You cannot disable your own account.');
    expect(el.querySelectorAll('[data-testid="staff-disable"]')).toHaveLength(1);

    byTestId(el, 'staff-disable')!.click();
    await settle(fixture);
    byTestId(el, 'staff-disable-confirm')!.click();
    const req = http.expectOne('/api/admin/staff/s1');
    expect(req.request.method).toBe('PATCH');
    expect(req.request.body).toEqual({ disabled: true });
    req.flush({ ...SAM, disabledAt: '2026-11-26T10:00:00.000Z' });
    await settle(fixture);
    expect(el.textContent).toContain('Disabled');

    byTestId(el, 'staff-enable')!.click();
    http
      .expectOne('/api/admin/staff/s1')
      .flush(apiError(409, 'last_admin'), { status: 409, statusText: 'Conflict' });
    await settle(fixture);
    expect(byTestId(el, 'staff-disable-error')?.textContent).toContain('Message for last_admin.');
  });
});
