/** Body of every error the API answers with (4xx and 5xx). */
export interface ApiError {
  statusCode: number;
  /** Short machine-readable reason, e.g. "validation_failed", "link_declined". */
  error: string;
  /** One human sentence, safe to show to a client. */
  message: string;
  /** Per-field messages for validation failures, keyed by field path ("requests.0.prompt"). */
  fields?: Record<string, string[]>;
  /** Quote this when asking support; it is in the server's log line for the failure. */
  correlationId: string;
  /** Seconds to wait, on 429 answers (also sent as the Retry-After header). */
  retryAfterSeconds?: number;
}
