import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import {
  createEnvironmentInjector,
  EnvironmentInjector,
  runInInjectionContext,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject, throwError } from 'rxjs';
import { apiError } from '../../testing/fixtures';
import { createFormSubmit, type FormSubmit } from './form-submit';

/** An HttpClient-style failure with the API's error body. */
function failure(status: number, body: unknown, headers?: Record<string, string>) {
  return throwError(
    () => new HttpErrorResponse({ status, error: body, headers: new HttpHeaders(headers ?? {}) }),
  );
}

describe('FormSubmit', () => {
  let submission: FormSubmit<'email' | 'username'>;
  let destroyed: () => void;

  beforeEach(() => {
    jest.useFakeTimers();
    // Its own injector, destroyed as a component's is when the screen goes away.
    const injector = createEnvironmentInjector([], TestBed.inject(EnvironmentInjector));
    destroyed = () => {
      if (!injector.destroyed) injector.destroy();
    };
    submission = runInInjectionContext(injector, () =>
      createFormSubmit<'email' | 'username'>({ codeFields: { username_taken: 'username' } }),
    );
  });
  afterEach(() => {
    destroyed();
    jest.useRealTimers();
  });

  it('is busy while the call runs, hands over the answer, and is free again when it completes', () => {
    const answer = new Subject<string>();
    const next = jest.fn();
    expect(submission.run(answer, { next })).toBe(true);
    expect(submission.busy()).toBe(true);
    expect(submission.blocked()).toBe(true);
    answer.next('ok');
    expect(next).toHaveBeenCalledWith('ok');
    answer.complete();
    expect(submission.busy()).toBe(false);
    expect(submission.error()).toBeNull();
  });

  it('stays busy through every value of a call that reports progress', () => {
    const upload = new Subject<number>();
    const next = jest.fn();
    submission.run(upload, { next });
    upload.next(50);
    upload.next(100);
    expect(submission.busy()).toBe(true);
    upload.complete();
    expect(next.mock.calls).toEqual([[50], [100]]);
    expect(submission.busy()).toBe(false);
  });

  it('refuses a second submit while the first runs', () => {
    const first = new Subject<string>();
    submission.run(first);
    const second = jest.fn();
    expect(submission.run(new Subject<string>(), { next: second })).toBe(false);
    first.next('ok');
    expect(second).not.toHaveBeenCalled();
  });

  it('stays busy after success when the screen navigates away', () => {
    const answer = new Subject<string>();
    submission.run(answer, { keepBusy: true });
    answer.next('ok');
    answer.complete();
    expect(submission.busy()).toBe(true);
  });

  it('shows the API’s sentence and lets the screen react to the failure', () => {
    const failed = jest.fn();
    submission.run(failure(401, apiError(401, 'pin_failed', { message: 'Not right.' })), {
      failed,
    });
    expect(submission.busy()).toBe(false);
    expect(submission.error()).toBe('Not right.');
    expect(submission.problem()?.code).toBe('pin_failed');
    expect(failed).toHaveBeenCalledWith(
      expect.objectContaining({ status: 401, code: 'pin_failed' }),
      expect.any(HttpErrorResponse),
    );
    expect(submission.blocked()).toBe(false);
  });

  it('holds the form for a 429’s Retry-After, counting down, then lets it submit again', () => {
    submission.run(
      failure(429, apiError(429, 'too_many_attempts', { message: 'Wait.', retryAfterSeconds: 61 })),
    );
    expect(submission.waiting()).toBe(true);
    expect(submission.blocked()).toBe(true);
    expect(submission.waitText()).toBe('1 minute 1 second');
    expect(submission.run(new Subject<string>())).toBe(false);
    jest.advanceTimersByTime(1000);
    expect(submission.waitText()).toBe('1 minute');
    jest.advanceTimersByTime(60_000);
    expect(submission.waiting()).toBe(false);
    expect(submission.blocked()).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
    expect(submission.run(new Subject<string>())).toBe(true);
  });

  it('reads the wait from the Retry-After header, or waits a minute when there is none', () => {
    submission.run(failure(429, null, { 'Retry-After': '30' }));
    expect(submission.wait.seconds()).toBe(30);
    jest.advanceTimersByTime(30_000);
    submission.run(failure(429, null));
    expect(submission.wait.seconds()).toBe(60);
  });

  it('words the wait in seconds only when asked', () => {
    const seconds = TestBed.runInInjectionContext(() => createFormSubmit({ waitUnit: 'second' }));
    seconds.run(failure(429, apiError(429, 'too_many_requests', { retryAfterSeconds: 90 })));
    expect(seconds.waitText()).toBe('90 seconds');
    seconds.wait.stop();
  });

  it('puts a 422’s field messages beside their fields as sentences', () => {
    submission.run(
      failure(
        422,
        apiError(422, 'validation_failed', {
          fields: { email: ['must be an email', 'second message'], username: ['Too short.'] },
        }),
      ),
    );
    expect(submission.fieldErrors()).toEqual({
      email: 'Must be an email.',
      username: 'Too short.',
    });
  });

  it('puts an error code that is about one field beside that field', () => {
    submission.run(failure(409, apiError(409, 'username_taken', { message: 'Taken.' })));
    expect(submission.fieldErrors()).toEqual({ username: 'Taken.' });
    expect(submission.error()).toBe('Taken.');
  });

  it('shows a check that failed before sending, and forgets it on the next submit', () => {
    submission.reject('Please write a message first.', { email: 'Enter your e-mail.' });
    expect(submission.error()).toBe('Please write a message first.');
    expect(submission.fieldErrors()).toEqual({ email: 'Enter your e-mail.' });
    submission.run(new Subject<string>());
    expect(submission.error()).toBeNull();
    expect(submission.fieldErrors()).toEqual({});
  });

  it('lets the screen clear a failure it shows another way, keeping the wait', () => {
    submission.run(failure(429, apiError(429, 'too_many_requests', { retryAfterSeconds: 5 })), {
      failed: () => submission.clear(),
    });
    expect(submission.error()).toBeNull();
    expect(submission.waiting()).toBe(true);
  });

  it('explains a network failure', () => {
    submission.run(failure(0, new ProgressEvent('error')));
    expect(submission.error()).toMatch(/couldn't reach/);
  });

  it('stops listening and counting when its screen is destroyed', () => {
    const answer = new Subject<string>();
    const next = jest.fn();
    submission.run(answer, { next });
    submission.wait.start(30);
    destroyed();
    answer.next('late');
    expect(next).not.toHaveBeenCalled();
    expect(answer.observed).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });
});
