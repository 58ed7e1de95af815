import { parseStaffNotifyConfig, parseWebhookConfig } from './integrations-config';

function reader(env: Record<string, string>) {
  const problems: string[] = [];
  const read = (name: string) => env[name];
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) problems.push(name);
    return n;
  };
  const bool = (name: string, fallback: boolean) =>
    env[name] === undefined ? fallback : env[name] === 'true';
  return { read, int, bool, problems };
}

describe('issue 12 settings', () => {
  it('webhooks: https and public targets only by default; local targets refused in production', () => {
    const r = reader({});
    expect(parseWebhookConfig(r.read, r.int, r.bool, r.problems, true)).toMatchObject({
      allowLocal: false,
      maxAttempts: 20,
      retryBaseMs: 30_000,
    });
    const local = reader({ WEBHOOK_ALLOW_LOCAL: 'true' });
    parseWebhookConfig(local.read, local.int, local.bool, local.problems, true);
    expect(local.problems).toEqual(['WEBHOOK_ALLOW_LOCAL cannot be enabled in production']);
    const dev = reader({ WEBHOOK_ALLOW_LOCAL: 'true' });
    expect(parseWebhookConfig(dev.read, dev.int, dev.bool, dev.problems, false).allowLocal).toBe(
      true,
    );
    expect(dev.problems).toEqual([]);
  });

  it('a claim outlasts the longest POST', () => {
    const r = reader({ WEBHOOK_TIMEOUT_MS: '20000' });
    const config = parseWebhookConfig(r.read, r.int, r.bool, r.problems, false);
    expect(config.claimMs).toBeGreaterThan(config.timeoutMs);
  });

  it('staff notices: a 10 minute window by default; the firm-wide address must be an address', () => {
    const r = reader({});
    expect(parseStaffNotifyConfig(r.read, r.int, r.problems)).toEqual({
      firmEmail: null,
      windowMinutes: 10,
      pollMs: 30_000,
    });
    const bad = reader({ FIRM_NOTIFY_EMAIL: 'desk at firm' });
    parseStaffNotifyConfig(bad.read, bad.int, bad.problems);
    expect(bad.problems).toEqual([
      'FIRM_NOTIFY_EMAIL must be an e-mail address (got "desk at firm")',
    ]);
  });
});
