/** Staff notifications and signed webhooks (issue 12). */
export interface StaffNotifyConfig {
  /** FIRM_NOTIFY_EMAIL: gets the activity of tasks with no owner, or whose owner has no e-mail. */
  firmEmail: string | null;
  /** STAFF_NOTIFY_WINDOW_MINUTES (10): at most one batched mail per recipient per window. */
  windowMinutes: number;
  /** STAFF_NOTIFY_POLL_MS (30 s): how often the job looks (each tick runs on one instance). */
  pollMs: number;
}

export interface WebhookConfig {
  /**
   * WEBHOOK_ALLOW_LOCAL (false; refused in production): allow http:// and private, loopback and
   * link-local targets, for tests and local development. Otherwise only https to public addresses.
   */
  allowLocal: boolean;
  /** WEBHOOK_POLL_MS (1 s): how often each instance looks for due deliveries. */
  pollMs: number;
  /** WEBHOOK_RETRY_BASE_MS (30 s): first retry delay, doubled per attempt (with jitter). */
  retryBaseMs: number;
  /** WEBHOOK_RETRY_MAX_MS (6 h): the longest wait between two attempts. */
  retryMaxMs: number;
  /** WEBHOOK_MAX_ATTEMPTS (20, about three days): then the delivery is marked failed. */
  maxAttempts: number;
  /** WEBHOOK_TIMEOUT_MS (10 s): one POST, connect to last byte. */
  timeoutMs: number;
  /** How long a worker's claim on a delivery lasts (longer than the timeout). */
  claimMs: number;
}

type Read = (name: string) => string | undefined;
type Int = (name: string, fallback: number, min: number, max: number) => number;
type Bool = (name: string, fallback: boolean) => boolean;

export function parseStaffNotifyConfig(
  read: Read,
  int: Int,
  problems: string[],
): StaffNotifyConfig {
  const firmEmail = read('FIRM_NOTIFY_EMAIL') ?? null;
  if (firmEmail !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(firmEmail)) {
    problems.push(`FIRM_NOTIFY_EMAIL must be an e-mail address (got "${firmEmail}")`);
  }
  return {
    firmEmail,
    windowMinutes: int('STAFF_NOTIFY_WINDOW_MINUTES', 10, 1, 24 * 60),
    pollMs: int('STAFF_NOTIFY_POLL_MS', 30_000, 10, 3_600_000),
  };
}

export function parseWebhookConfig(
  read: Read,
  int: Int,
  bool: Bool,
  problems: string[],
  production: boolean,
): WebhookConfig {
  const allowLocal = bool('WEBHOOK_ALLOW_LOCAL', false);
  if (allowLocal && production)
    problems.push('WEBHOOK_ALLOW_LOCAL cannot be enabled in production');
  const timeoutMs = int('WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000);
  return {
    allowLocal,
    pollMs: int('WEBHOOK_POLL_MS', 1000, 10, 3_600_000),
    retryBaseMs: int('WEBHOOK_RETRY_BASE_MS', 30_000, 10, 3_600_000),
    retryMaxMs: int('WEBHOOK_RETRY_MAX_MS', 6 * 3_600_000, 10, 24 * 3_600_000),
    maxAttempts: int('WEBHOOK_MAX_ATTEMPTS', 20, 1, 100),
    timeoutMs,
    claimMs: 2 * timeoutMs + 30_000,
  };
}
