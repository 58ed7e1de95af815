/** Up or down, nothing more: what anyone may learn about a component. */
export interface HealthCheck {
  ok: boolean;
}

/** GET /api/health. Anonymous callers get status and up/down per component only. */
export interface HealthResponse {
  status: 'ok' | 'degraded';
  database: HealthCheck;
  mail: HealthCheck;
  time: string;
  /** Only for a staff bearer: what each component is and why it is down. */
  details?: HealthDetails;
}

export interface HealthDetails {
  database: { driver: 'sqlite' | 'mysql'; error?: string };
  mail: { transport: 'smtp' | 'file'; error?: string; outbox: OutboxHealth | null };
}

/** The mail outbox as staff see it (null when the database cannot be read). */
export interface OutboxHealth {
  /** Mail not yet sent. */
  pending: number;
  /** Age of the oldest pending mail in seconds, null when none is pending. */
  oldestPendingSeconds: number | null;
  /** Pending mail older than staleAfterMinutes (MAIL_STALE_MINUTES). */
  stale: number;
  staleAfterMinutes: number;
}
