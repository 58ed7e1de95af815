import { HttpErrorResponse } from '@angular/common/http';
import type { ApiError } from '@app/contracts';

/** What a screen needs to know about a failed API call. */
export interface ApiProblem {
  /** HTTP status; 0 when the server could not be reached. */
  status: number;
  /** Machine-readable reason from the API ("link_declined"), or "network" / "unexpected". */
  code: string;
  /** One sentence that is safe to show to the client. */
  message: string;
  /** Seconds to wait before trying again (429 answers). */
  retryAfterSeconds?: number;
  /** Quote this when asking support. */
  correlationId?: string;
}

const NETWORK_MESSAGE = "We couldn't reach Client Portal. Check your connection and try again.";
const SERVER_MESSAGE = 'Something went wrong on our side. Please try again in a moment.';

function isApiError(body: unknown): body is ApiError {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as ApiError).message === 'string' &&
    typeof (body as ApiError).error === 'string'
  );
}

function retryAfterFrom(err: HttpErrorResponse, body: ApiError | null): number | undefined {
  if (body && typeof body.retryAfterSeconds === 'number') return body.retryAfterSeconds;
  const header = Number(err.headers?.get('Retry-After'));
  return Number.isFinite(header) && header > 0 ? header : undefined;
}

/** Turns anything an HttpClient observable throws into an ApiProblem. */
export function toApiProblem(err: unknown): ApiProblem {
  if (!(err instanceof HttpErrorResponse)) {
    return { status: 0, code: 'unexpected', message: SERVER_MESSAGE };
  }
  if (err.status === 0) {
    return { status: 0, code: 'network', message: NETWORK_MESSAGE };
  }
  const body = isApiError(err.error) ? err.error : null;
  const fallback = err.status >= 500 ? SERVER_MESSAGE : 'That did not work. Please try again.';
  const message = body?.message.trim() ? body.message : fallback;
  return {
    status: err.status,
    code: body?.error ?? (err.status >= 500 ? 'server_error' : 'unexpected'),
    message,
    retryAfterSeconds: retryAfterFrom(err, body),
    correlationId: body?.correlationId || undefined,
  };
}
