// The browser suite's one timeout knob. Every wait in test/browser (test, expect, action,
// navigation, mail, server start) is a base value times E2E_TIMEOUT_SCALE (default 1). The base
// values hold on a 2-core CI machine whose cores are both busy with another process; set
// E2E_TIMEOUT_SCALE=2 (or more) on a slower or more crowded machine. Nothing here sleeps: every
// value is the most a condition may take before the test fails.

const KNOB = 'E2E_TIMEOUT_SCALE';

function readScale(): number {
  const raw = process.env[KNOB]?.trim();
  if (!raw) return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale < 0.1 || scale > 100) {
    throw new Error(`${KNOB} must be a number from 0.1 to 100 (got "${raw}").`);
  }
  return scale;
}

export const TIMEOUT_SCALE = readScale();

/** `ms` times E2E_TIMEOUT_SCALE. */
export function scaled(ms: number): number {
  return Math.round(ms * TIMEOUT_SCALE);
}

/** Base values (milliseconds, before scaling). */
export const TIMEOUTS = {
  /**
   * One test: a screen group or one story. The longest story took 28 s with the machine's load
   * at 14 (other suites running), so this leaves three times that.
   */
  test: scaled(90_000),
  /** One expect(...) that retries until it holds (a screen appearing, a URL changing). */
  expect: scaled(10_000),
  /** One click, fill or press (Playwright waits until the element is actionable). */
  action: scaled(15_000),
  /** One page.goto or reload until the load event. */
  navigation: scaled(30_000),
  /** A mail reaching the SMTP catcher after the API accepted the request that sends it. */
  mail: scaled(30_000),
  /** The built API answering /api/health after it was started (migrations included). */
  serverStart: scaled(90_000),
} as const;
