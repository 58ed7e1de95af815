import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { apiError } from '../../testing/fixtures';
import { toApiProblem } from './api-problem';

describe('toApiProblem', () => {
  it('keeps the API’s code, message and retry time', () => {
    const err = new HttpErrorResponse({
      status: 429,
      error: apiError(429, 'too_many_requests', { message: 'Please wait.', retryAfterSeconds: 42 }),
    });
    expect(toApiProblem(err)).toEqual({
      status: 429,
      code: 'too_many_requests',
      message: 'Please wait.',
      retryAfterSeconds: 42,
      correlationId: 'corr-1',
    });
  });

  it('falls back to the Retry-After header', () => {
    const err = new HttpErrorResponse({
      status: 429,
      error: null,
      headers: new HttpHeaders({ 'Retry-After': '30' }),
    });
    expect(toApiProblem(err).retryAfterSeconds).toBe(30);
  });

  it('explains a network failure', () => {
    const problem = toApiProblem(
      new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') }),
    );
    expect(problem.code).toBe('network');
    expect(problem.message).toMatch(/couldn't reach/);
  });

  it('never shows a raw body for a server error without an ApiError', () => {
    const problem = toApiProblem(
      new HttpErrorResponse({ status: 502, error: '<html>Bad gateway</html>' }),
    );
    expect(problem.code).toBe('server_error');
    expect(problem.message).toBe('Something went wrong on our side. Please try again in a moment.');
  });
});
