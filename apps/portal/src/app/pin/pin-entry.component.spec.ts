import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { apiError, byTestId } from '../../testing/fixtures';
import { PinEntryComponent } from './pin-entry.component';

describe('PinEntryComponent', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<PinEntryComponent>;
  let el: HTMLElement;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PinEntryComponent);
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
  });
  afterEach(() => http.verify());

  async function send(reference: string, pin: string): Promise<void> {
    for (const [id, value] of [
      ['pin-reference', reference],
      ['pin-code', pin],
    ]) {
      const input = byTestId(el, id) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    byTestId(el, 'pin-submit')!.click();
    fixture.detectChanges();
    await fixture.whenStable();
  }

  it('opens the tasks with the reference and PIN, spaces removed', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    await send(' T-4K7M2Q ', '1234 5678');
    const req = http.expectOne('/api/pin/sessions');
    expect(req.request.body).toEqual({ reference: 'T-4K7M2Q', pin: '12345678' });
    req.flush({ reference: 'T-4K7M2Q', expiresAt: '2030-01-01T00:00:00Z' });
    await fixture.whenStable();
    expect(navigate).toHaveBeenCalledWith(['/tasks']);
  });

  it('shows a wrong PIN message', async () => {
    await send('T-4K7M2Q', '00000000');
    http
      .expectOne('/api/pin/sessions')
      .flush(apiError(401, 'pin_failed', { message: 'The reference or PIN is not right.' }), {
        status: 401,
        statusText: 'Unauthorized',
      });
    await fixture.whenStable();
    fixture.detectChanges();
    expect(byTestId(el, 'pin-error')?.textContent).toContain('not right');
  });

  it('shows the lock and how long to wait, and disables the button', async () => {
    await send('T-4K7M2Q', '00000000');
    http
      .expectOne('/api/pin/sessions')
      .flush(
        apiError(429, 'pin_locked', { message: 'Too many wrong PINs.', retryAfterSeconds: 900 }),
        {
          status: 429,
          statusText: 'Too Many Requests',
        },
      );
    await fixture.whenStable();
    fixture.detectChanges();
    expect(byTestId(el, 'pin-locked')?.textContent).toContain('locked');
    expect(byTestId(el, 'pin-wait')?.textContent).toContain('15 minutes');
    expect((byTestId(el, 'pin-submit') as HTMLButtonElement).disabled).toBe(true);
  });

  it('asks for both fields without calling the API', async () => {
    await send('', 'abc');
    expect(el.textContent).toContain('Please enter the task reference and the PIN');
  });
});
