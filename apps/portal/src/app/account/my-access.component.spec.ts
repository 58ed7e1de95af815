import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { AccessListResponse } from '@app/contracts';
import { apiError, byTestId } from '../../testing/fixtures';
import { MyAccessComponent } from './my-access.component';

const ACCESS: AccessListResponse = {
  devices: [
    {
      id: 'd1',
      label: 'Chrome on Android',
      createdAt: '2030-01-01T10:00:00Z',
      lastSeenAt: '2030-01-02T10:00:00Z',
      dispatchCount: 1,
      current: false,
    },
  ],
  sessions: [
    {
      id: 's1',
      kind: 'account',
      label: 'Firefox on Windows',
      createdAt: '2030-01-02T10:00:00Z',
      lastSeenAt: '2030-01-02T10:00:00Z',
      expiresAt: '2030-01-02T22:00:00Z',
      current: true,
    },
    {
      id: 's2',
      kind: 'pin',
      label: null,
      createdAt: '2030-01-02T09:00:00Z',
      lastSeenAt: '2030-01-02T09:00:00Z',
      expiresAt: '2030-01-02T11:00:00Z',
      current: false,
    },
  ],
};

describe('MyAccessComponent', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<MyAccessComponent>;
  let el: HTMLElement;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(MyAccessComponent);
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
  });
  afterEach(() => http.verify());

  async function settle(): Promise<void> {
    await fixture.whenStable();
    fixture.detectChanges();
  }

  it('lists devices and sessions; the current session cannot be revoked from here', async () => {
    http.expectOne('/api/account/access').flush(ACCESS);
    await settle();
    expect(el.querySelectorAll('[data-testid="device-item"]')).toHaveLength(1);
    expect(el.querySelectorAll('[data-testid="session-item"]')).toHaveLength(2);
    expect(el.querySelectorAll('[data-testid="revoke-session"]')).toHaveLength(1);
    expect(el.textContent).toContain('Chrome on Android');
    expect(el.textContent).toContain('This browser');
  });

  it('revokes a device and reloads', async () => {
    http.expectOne('/api/account/access').flush(ACCESS);
    await settle();
    byTestId(el, 'revoke-device')!.click();
    const req = http.expectOne('/api/account/devices/d1');
    expect(req.request.method).toBe('DELETE');
    req.flush(null);
    await settle();
    http.expectOne('/api/account/access').flush({ ...ACCESS, devices: [] });
    await settle();
    expect(byTestId(el, 'devices-empty')).not.toBeNull();
  });

  it('asks to log in when the browser has no login session', async () => {
    http
      .expectOne('/api/account/access')
      .flush(apiError(403, 'login_required'), { status: 403, statusText: 'Forbidden' });
    await settle();
    expect(byTestId(el, 'access-signed-out')).not.toBeNull();
  });

  it('signs out and goes to the log-in page', async () => {
    http.expectOne('/api/account/access').flush(ACCESS);
    await settle();
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    byTestId(el, 'sign-out')!.click();
    http.expectOne('/api/account/logout').flush(null);
    await settle();
    expect(navigate).toHaveBeenCalledWith(['/account/login']);
  });
});
