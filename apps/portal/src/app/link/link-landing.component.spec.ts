import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { LinkStatusResponse } from '@app/contracts';
import { apiError, byTestId } from '../../testing/fixtures';
import { LinkLandingComponent } from './link-landing.component';
import { LINK_TOKEN_KEY } from './link-token.store';

@Component({ template: '' })
class StubComponent {}

const MASKED = 'j•••@example.com';

describe('LinkLandingComponent', () => {
  let http: HttpTestingController;
  let router: Router;
  let fixture: ComponentFixture<LinkLandingComponent>;
  let el: HTMLElement;

  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'tasks', component: StubComponent },
          { path: 'login', component: StubComponent },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    jest.spyOn(router, 'navigate').mockResolvedValue(true);
  });

  afterEach(() => http.verify());

  function open(token: string | null = 'tok-1'): void {
    if (token) sessionStorage.setItem(LINK_TOKEN_KEY, token);
    fixture = TestBed.createComponent(LinkLandingComponent);
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
  }

  async function answerStatus(body: Partial<LinkStatusResponse>): Promise<void> {
    const req = http.expectOne('/api/links/status');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ token: 'tok-1' });
    req.flush({ firmName: 'Acme Trademarks', ...body });
    await fixture.whenStable();
  }

  async function click(testId: string): Promise<void> {
    byTestId(el, testId)!.click();
    fixture.detectChanges();
    await fixture.whenStable();
  }

  it('shows a loading state while the status is read', () => {
    open();
    expect(byTestId(el, 'link-loading')?.textContent).toContain('Checking your link');
    http.expectOne('/api/links/status');
  });

  it('ready: shows the masked email and one button, and does NOT redeem on load', async () => {
    open();
    await answerStatus({ state: 'ready', maskedEmail: MASKED, taskCount: 2 });

    expect(byTestId(el, 'link-state-ready')).not.toBeNull();
    expect(byTestId(el, 'masked-email')?.textContent).toContain(MASKED);
    expect(el.textContent).toContain(
      'It works once: the browser that opens it becomes your trusted device.',
    );
    expect(el.querySelectorAll('button')).toHaveLength(1);
    expect(byTestId(el, 'link-open-button')?.textContent).toContain('Open my tasks');
    http.expectNone('/api/links/redeem');
    expect(router.navigate).not.toHaveBeenCalled();
  });

  it('ready: pressing "Open my tasks" redeems, clears the token and goes to /tasks', async () => {
    open();
    await answerStatus({ state: 'ready', maskedEmail: MASKED });

    await click('link-open-button');
    const req = http.expectOne('/api/links/redeem');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ token: 'tok-1' });
    expect((byTestId(el, 'link-open-button') as HTMLButtonElement).disabled).toBe(true);
    req.flush({ state: 'trusted', tasks: [] });
    await fixture.whenStable();

    expect(sessionStorage.getItem(LINK_TOKEN_KEY)).toBeNull();
    expect(router.navigate).toHaveBeenCalledWith(['/tasks'], { replaceUrl: true });
  });

  it('ready: a redeem declined by the server (another device was first) shows the declined page', async () => {
    open();
    await answerStatus({ state: 'ready', maskedEmail: MASKED, taskCount: 1 });
    await click('link-open-button');
    http
      .expectOne('/api/links/redeem')
      .flush(apiError(403, 'link_declined'), { status: 403, statusText: 'Forbidden' });
    await fixture.whenStable();

    expect(byTestId(el, 'link-state-declined')).not.toBeNull();
    expect(byTestId(el, 'link-open-button')).toBeNull();
    expect(router.navigate).not.toHaveBeenCalled();
  });

  it('trusted: goes straight to the tasks without redeeming', async () => {
    open();
    await answerStatus({ state: 'trusted', maskedEmail: MASKED, taskCount: 1 });

    http.expectNone('/api/links/redeem');
    expect(router.navigate).toHaveBeenCalledWith(['/tasks'], { replaceUrl: true });
  });

  it('declined: neutral page with only Send Access Link and no task data', async () => {
    open();
    await answerStatus({ state: 'declined', maskedEmail: MASKED });

    expect(byTestId(el, 'link-state-declined')?.textContent).toContain(
      'This link has already been used on another device',
    );
    const buttons = el.querySelectorAll('button');
    expect(buttons).toHaveLength(1);
    expect(buttons[0].getAttribute('data-testid')).toBe('send-access-link');
    expect(buttons[0].textContent).toContain('Send Access Link');
    expect(byTestId(el, 'link-open-button')).toBeNull();
    expect(byTestId(el, 'task-count')).toBeNull();
    expect(byTestId(el, 'task-item')).toBeNull();
    http.expectNone('/api/links/redeem');
  });

  it('declined reminder while no device holds the tasks: says so, points to the first e-mail, offers Send Access Link', async () => {
    open();
    await answerStatus({
      state: 'declined',
      kind: 'reminder',
      maskedEmail: MASKED,
      unheld: true,
      originalWorks: true,
    });

    const page = byTestId(el, 'link-state-declined')?.textContent ?? '';
    expect(page).not.toContain('used on another device');
    expect(byTestId(el, 'unheld-message')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'This reminder does not open your tasks by itself: open the link in the e-mail that first sent them, or press Send Access Link to get a link for this browser.',
    );
    const buttons = el.querySelectorAll('button');
    expect(buttons).toHaveLength(1);
    expect(buttons[0].getAttribute('data-testid')).toBe('send-access-link');
    http.expectNone('/api/links/redeem');
  });

  it('declined reminder whose first link has expired: says to press Send Access Link', async () => {
    open();
    await answerStatus({
      state: 'declined',
      kind: 'reminder',
      maskedEmail: MASKED,
      unheld: true,
      originalWorks: false,
    });

    expect(byTestId(el, 'unheld-message')?.textContent).toContain('has expired');
    expect(byTestId(el, 'send-access-link')).not.toBeNull();
  });

  it('declined: Send Access Link posts and shows the sent view', async () => {
    open();
    await answerStatus({ state: 'declined', maskedEmail: MASKED });

    await click('send-access-link');
    const req = http.expectOne('/api/links/access-link');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ token: 'tok-1' });
    req.flush(
      { maskedEmail: MASKED, retryAfterSeconds: 60 },
      { status: 202, statusText: 'Accepted' },
    );
    await fixture.whenStable();

    // Issue 14: the e-mail carries a link and a code, both bound to this browser.
    const sent = byTestId(el, 'access-link-sent');
    expect(sent?.textContent).toContain(`We have sent a new link and a 6-digit code to ${MASKED}.`);
    expect(sent?.textContent).toContain('They work only in this browser.');
    expect(el.textContent).toContain('within 60 minutes');
    const input = byTestId(el, 'access-code-input') as HTMLInputElement;
    expect(input.getAttribute('autocomplete')).toBe('one-time-code');
    expect(input.getAttribute('inputmode')).toBe('numeric');
    expect(el.textContent).toContain('You can request another link in 60 seconds.');
    expect(byTestId(el, 'send-access-link')).toBeNull();
  });

  it('declined: a 429 says when to try again and holds the button', async () => {
    open();
    await answerStatus({ state: 'declined', maskedEmail: MASKED });

    await click('send-access-link');
    http.expectOne('/api/links/access-link').flush(
      apiError(429, 'too_many_requests', {
        message: 'Please wait before asking again.',
        retryAfterSeconds: 42,
      }),
      {
        status: 429,
        statusText: 'Too Many Requests',
      },
    );
    await fixture.whenStable();

    expect(byTestId(el, 'retry-after')?.textContent).toContain(
      'You can request another link in 42 seconds.',
    );
    // Only the live countdown speaks; the server's fixed sentence would go stale beside it.
    expect(byTestId(el, 'error-message')).toBeNull();
    expect((byTestId(el, 'send-access-link') as HTMLButtonElement).disabled).toBe(true);
    expect(byTestId(el, 'access-link-sent')).toBeNull();
  });

  it('expired: offers Send Access Link and a log-in link to /login', async () => {
    open();
    await answerStatus({ state: 'expired', maskedEmail: MASKED });

    expect(byTestId(el, 'link-state-expired')?.textContent).toContain('This link has expired');
    expect(byTestId(el, 'send-access-link')).not.toBeNull();
    expect(byTestId(el, 'login-link')?.getAttribute('href')).toBe('/login');
    expect(byTestId(el, 'link-open-button')).toBeNull();
  });

  it('expired past its days: states the link days the API gives', async () => {
    open();
    await answerStatus({ state: 'expired', expiredReason: 'ended', linkDays: 30 });
    expect(byTestId(el, 'expired-message')?.textContent).toContain(
      'Links from your firm work for 30 days.',
    );
  });

  it('expired access link: states its own minutes, not the 30 days (issue 13)', async () => {
    open();
    await answerStatus({
      state: 'expired',
      kind: 'access',
      expiredReason: 'unopened',
      accessLinkMinutes: 60,
      linkDays: 30,
    });
    const text = byTestId(el, 'expired-message')?.textContent ?? '';
    expect(text).toContain('A link from Send Access Link works for 60 minutes after it is sent');
    expect(text).not.toContain('30 days');
  });

  it('replaced: says a newer link was sent, apart from expired (issue 13)', async () => {
    open();
    await answerStatus({ state: 'expired', kind: 'access', expiredReason: 'replaced' });
    expect(el.querySelector('h1')?.textContent).toContain('A newer link was sent');
    expect(byTestId(el, 'expired-message')?.textContent).toContain(
      'This link was replaced by a newer one',
    );
    expect(el.textContent).not.toContain('has expired');
    expect(byTestId(el, 'send-access-link')).not.toBeNull();
  });

  it('ready access link: works until its time, in the firm zone, with its minutes', async () => {
    open();
    await answerStatus({
      state: 'ready',
      kind: 'access',
      expiresAt: '2026-11-26T15:00:00.000Z',
      accessLinkMinutes: 60,
      timeZone: 'Europe/London',
    });
    expect(byTestId(el, 'link-works-until')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'This link works until 26 November 2026 at 15:00 GMT (60 minutes after it was sent).',
    );
  });

  it('declined on the device the tasks moved away from: says so and when (issue 13)', async () => {
    open();
    await answerStatus({
      state: 'declined',
      kind: 'dispatch',
      movedAt: '2026-11-26T09:30:00.000Z',
      timeZone: 'Europe/London',
    });
    expect(el.querySelector('h1')?.textContent).toContain(
      'Your tasks were moved to another device',
    );
    expect(byTestId(el, 'moved-message')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Your tasks were moved to another device on 26 November 2026 at 09:30 GMT. Send Access Link to bring them here.',
    );
    expect(el.textContent).not.toContain('used on another device');
    expect(byTestId(el, 'send-access-link')).not.toBeNull();
  });

  it('elsewhere: an access link asked for in another browser says where to use it, with nothing to press', async () => {
    open();
    await answerStatus({ state: 'elsewhere', kind: 'access', maskedEmail: MASKED });

    expect(byTestId(el, 'elsewhere-message')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Open this link on the device where you asked for it, or type the code from the e-mail there.',
    );
    expect(el.querySelectorAll('button, form, input')).toHaveLength(0);
    http.expectNone('/api/links/redeem');
    http.expectNone('/api/links/access-link');
  });

  it('check your e-mail: the typed code (spaces ignored) opens the tasks in this browser', async () => {
    open();
    await answerStatus({ state: 'declined', maskedEmail: MASKED, codePending: true });

    expect(byTestId(el, 'access-link-sent')).not.toBeNull();
    const input = byTestId(el, 'access-code-input') as HTMLInputElement;
    input.value = '123 456';
    input.dispatchEvent(new Event('input'));
    await click('access-code-submit');
    const req = http.expectOne('/api/links/access-code');
    expect(req.request.body).toEqual({ token: 'tok-1', code: '123456' });
    req.flush({ state: 'trusted', tasks: [] });
    await fixture.whenStable();
    expect(router.navigate).toHaveBeenCalledWith(['/tasks'], { replaceUrl: true });
  });

  it('check your e-mail: a wrong code says so beside the field; too few digits send nothing', async () => {
    open();
    await answerStatus({ state: 'declined', maskedEmail: MASKED, codePending: true });

    const input = byTestId(el, 'access-code-input') as HTMLInputElement;
    input.value = '12';
    input.dispatchEvent(new Event('input'));
    await click('access-code-submit');
    http.expectNone('/api/links/access-code');
    expect(byTestId(el, 'access-code-error')?.textContent).toContain('6 digits');

    input.value = '654321';
    input.dispatchEvent(new Event('input'));
    await click('access-code-submit');
    http
      .expectOne('/api/links/access-code')
      .flush(apiError(401, 'code_wrong', { message: 'That code is not right.' }), {
        status: 401,
        statusText: 'Unauthorized',
      });
    await fixture.whenStable();
    fixture.detectChanges();
    expect(byTestId(el, 'access-code-error')?.textContent).toContain('That code is not right.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });

  it('withdrawn: says the firm withdrew it and offers no Send Access Link', async () => {
    open();
    await answerStatus({ state: 'withdrawn', maskedEmail: MASKED });

    expect(byTestId(el, 'withdrawn-message')?.textContent).toContain(
      'Acme Trademarks has withdrawn this link',
    );
    expect(el.querySelectorAll('button')).toHaveLength(0);
    expect(byTestId(el, 'send-access-link')).toBeNull();
    http.expectNone('/api/links/access-link');
  });

  it('a redeem or Send Access Link refused as withdrawn shows the withdrawn page', async () => {
    open();
    await answerStatus({ state: 'ready', maskedEmail: MASKED, taskCount: 1 });
    await click('link-open-button');
    http
      .expectOne('/api/links/redeem')
      .flush(apiError(403, 'link_withdrawn'), { status: 403, statusText: 'Forbidden' });
    await fixture.whenStable();
    expect(byTestId(el, 'link-state-withdrawn')).not.toBeNull();

    fixture.destroy();
    open();
    await answerStatus({ state: 'declined', maskedEmail: MASKED });
    await click('send-access-link');
    http
      .expectOne('/api/links/access-link')
      .flush(apiError(403, 'link_withdrawn'), { status: 403, statusText: 'Forbidden' });
    await fixture.whenStable();
    expect(byTestId(el, 'link-state-withdrawn')).not.toBeNull();
    expect(byTestId(el, 'send-access-link')).toBeNull();
  });

  it('unknown: explains what to do', async () => {
    open();
    await answerStatus({ state: 'unknown' });

    expect(byTestId(el, 'link-state-unknown')?.textContent).toContain(
      'Check you opened the whole link from your e-mail, or ask the firm for a new one.',
    );
    expect(el.querySelectorAll('button')).toHaveLength(0);
  });

  it('a malformed token (400) is treated as unknown', async () => {
    open();
    http
      .expectOne('/api/links/status')
      .flush(apiError(400, 'validation_failed'), { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    expect(byTestId(el, 'link-state-unknown')).not.toBeNull();
  });

  it('a malformed token (422 naming the token, as for a truncated e-mail link) shows the unknown-link advice', async () => {
    open();
    http.expectOne('/api/links/status').flush(
      apiError(422, 'validation_failed', {
        message: 'Please check the highlighted fields.',
        fields: {
          token: ['token is not a valid link token; open the whole link from your e-mail'],
        },
      }),
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await fixture.whenStable();

    expect(byTestId(el, 'link-state-unknown')?.textContent).toContain(
      'Check you opened the whole link from your e-mail',
    );
    expect(byTestId(el, 'link-state-error')).toBeNull();
    expect(byTestId(el, 'error-message')).toBeNull();
    expect(el.querySelectorAll('button')).toHaveLength(0);
  });

  it('a 422 about something other than the token is shown as an error, not as an unknown link', async () => {
    open();
    http.expectOne('/api/links/status').flush(
      apiError(422, 'validation_failed', {
        message: 'Please check it.',
        fields: { other: ['other should not exist'] },
      }),
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await fixture.whenStable();

    expect(byTestId(el, 'link-state-unknown')).toBeNull();
    expect(byTestId(el, 'link-state-error')).not.toBeNull();
    expect(byTestId(el, 'error-message')?.textContent).toContain('Please check it.');
  });

  it('Send Access Link refused for a malformed token shows the unknown-link advice', async () => {
    open();
    await answerStatus({ state: 'declined', maskedEmail: MASKED });
    await click('send-access-link');
    http.expectOne('/api/links/access-link').flush(
      apiError(422, 'validation_failed', {
        fields: { token: ['token is not a valid link token'] },
      }),
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await fixture.whenStable();

    expect(byTestId(el, 'link-state-unknown')).not.toBeNull();
    expect(byTestId(el, 'error-message')).toBeNull();
  });

  it('without a stored token shows unknown and calls nothing', async () => {
    open(null);
    await fixture.whenStable();
    http.expectNone('/api/links/status');
    expect(byTestId(el, 'link-state-unknown')).not.toBeNull();
  });

  it('a server error shows the message and a retry that reads the status again', async () => {
    open();
    http
      .expectOne('/api/links/status')
      .flush(apiError(503, 'unavailable', { message: 'The service is busy.' }), {
        status: 503,
        statusText: 'Service Unavailable',
      });
    await fixture.whenStable();

    expect(byTestId(el, 'link-state-error')).not.toBeNull();
    expect(byTestId(el, 'error-message')?.textContent).toContain('The service is busy.');
    await click('retry-button');
    await answerStatus({ state: 'ready', maskedEmail: MASKED });
    expect(byTestId(el, 'link-open-button')).not.toBeNull();
    http.expectNone('/api/links/redeem');
  });
});
