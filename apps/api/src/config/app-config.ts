import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseBrandingConfig, type BrandingConfig } from './branding-config';
import { exampleSecretProblem } from './example-secrets';
import { parseFirmConfig, type FirmConfig } from './firm-config';
import {
  parseStaffNotifyConfig,
  parseWebhookConfig,
  type StaffNotifyConfig,
  type WebhookConfig,
} from './integrations-config';
import { parseReminderConfig, type ReminderConfig } from './reminder-config';
import {
  parseStorageConfig,
  parseUploadConfig,
  type StorageConfig,
  type UploadConfig,
} from './storage-config';

/** Raised when the configuration cannot start the process; names every bad setting. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

export type DatabaseConfig =
  | { driver: 'sqlite'; file: string }
  | { driver: 'mysql'; flavor: 'mysql' | 'mariadb'; url: string };

export type MailTransportConfig = { kind: 'smtp'; url: string } | { kind: 'file'; dir: string };

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  publicUrl: string;
  /** True when PUBLIC_URL is https: cookies get Secure and the __Host- prefix. */
  secureCookies: boolean;
  appSecret: string;
  /** The firm's name (FIRM_NAME); the same as branding.name. */
  firmName: string;
  /** Name, logo, colour and contact footer for every page and e-mail (issue 13). */
  branding: BrandingConfig;
  /** The firm's time zone and business hours (FIRM_TIME_ZONE, FIRM_BUSINESS_HOURS, _DAYS). */
  firm: FirmConfig;
  /** Due-date reminders and the daily digest (REMINDER_*, issue 13). */
  reminders: ReminderConfig;
  /** Staff notifications of client activity (FIRM_NOTIFY_EMAIL, STAFF_NOTIFY_*, issue 12). */
  staffNotify: StaffNotifyConfig;
  /** Signed webhooks (WEBHOOK_*, issue 12). */
  webhooks: WebhookConfig;
  database: DatabaseConfig;
  mail: {
    transport: MailTransportConfig;
    from: string;
    pollMs: number;
    /** First retry delay after a refused message; doubles per attempt up to retryMaxMs. */
    retryBaseMs: number;
    /** Longest wait between two attempts at one message. Mail is never given up. */
    retryMaxMs: number;
    /** How long a worker's claim on a message lasts (renewed while it is sending). */
    claimMs: number;
    /** nodemailer's SMTP timeouts; together shorter than claimMs (checked at start-up). */
    smtpTimeouts: { connectionMs: number; greetingMs: number; socketMs: number };
    /** Mail pending longer than this is "stale": shown to staff in /api/health and logged. */
    staleMinutes: number;
  };
  links: {
    ttlDays: number;
    accessLinkTtlMinutes: number;
    /** Send Access Link throttles (SPEC rule 6). */
    accessLinkMinIntervalSeconds: number;
    accessLinkMaxPerHour: number;
    accessLinkMaxPerAddressPerHour: number;
    /** Purge (SPEC rule 9): links expired longer than this are deleted. */
    retentionDays: number;
    purgeIntervalMinutes: number;
    purgeBatchSize: number;
  };
  /**
   * Retention (issue 12), run by the purge: activity events older than this many days, staff
   * notices mailed that long ago, webhook deliveries that reached delivered/failed that long ago.
   */
  retention: { activityDays: number; staffNoticeDays: number; webhookDeliveryDays: number };
  staff: { adminUsername: string | null; adminPassword: string | null; sessionHours: number };
  /** Client login and PIN sessions (SPEC rule 20); the idle timeout applies to staff too. */
  sessions: { idleMinutes: number; clientHours: number; pinHours: number };
  /** Attempts allowed per window before 429 (staff and client sign-in; PIN per address). */
  signIn: {
    maxPerAccount: number;
    maxPerAddress: number;
    windowMinutes: number;
    pinMaxPerAddress: number;
  };
  /** Where uploaded documents live (local disk or an S3-compatible store) and upload limits. */
  storage: StorageConfig;
  uploads: UploadConfig;
  portalDir: string | null;
  demoData: boolean;
  testClock: boolean;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  logFormat: 'json' | 'text';
  /** The largest JSON body, in bytes (BODY_LIMIT: a size such as 100kb, 1mb or 4096). */
  bodyLimit: number;
  trustProxy: string;
  /** The hot lane for the busiest client routes (hot-routes/); HOT_LANE=false turns it off. */
  hotLane: boolean;
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

/**
 * Reads and validates every setting. Collects all problems and throws one ConfigError naming
 * each, so a bad deployment stops at start-up with a message that says what to fix.
 */
export function loadConfig(env: Env, cwd = process.cwd()): AppConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  };

  const nodeEnv = read('NODE_ENV') ?? 'development';
  if (!['development', 'test', 'production'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, test or production (got "${nodeEnv}")`);
  }
  const envName = (
    ['test', 'production'].includes(nodeEnv) ? nodeEnv : 'development'
  ) as AppConfig['env'];
  const production = envName === 'production';

  const port = int('PORT', 3000, 0, 65535);
  const host = read('HOST') ?? '127.0.0.1';

  const publicUrlRaw = read('PUBLIC_URL') ?? `http://localhost:${port}`;
  let publicUrl = publicUrlRaw;
  try {
    const parsed = new URL(publicUrlRaw);
    if (!['http:', 'https:'].includes(parsed.protocol)) throw new Error('protocol');
    if (production && parsed.protocol !== 'https:') {
      problems.push('PUBLIC_URL must use https in production');
    }
    publicUrl = parsed.origin + parsed.pathname.replace(/\/+$/, '');
  } catch {
    problems.push(`PUBLIC_URL must be an absolute http(s) URL (got "${publicUrlRaw}")`);
  }

  let appSecret = read('APP_SECRET');
  if (appSecret === undefined) {
    if (production) problems.push('APP_SECRET is required in production (at least 32 characters)');
    else appSecret = localSecret(resolve(cwd, 'var/app-secret'));
  } else {
    if (appSecret.length < 32) problems.push('APP_SECRET must be at least 32 characters');
    // Independent of the length rule: the documented examples are long enough to pass it.
    const example = production ? exampleSecretProblem('APP_SECRET', appSecret) : null;
    if (example) problems.push(example);
  }

  const database = parseDatabaseUrl(
    read('DATABASE_URL') ?? 'sqlite:var/portal.sqlite',
    cwd,
    problems,
  );

  const smtpUrl = read('SMTP_URL');
  let transport: MailTransportConfig;
  if (smtpUrl !== undefined) {
    if (!/^smtps?:\/\/[^/]+/.test(smtpUrl)) {
      problems.push('SMTP_URL must look like smtp://user:pass@host:port or smtps://…');
    }
    transport = { kind: 'smtp', url: smtpUrl };
  } else {
    if (production)
      problems.push(
        'SMTP_URL is required in production (the file mail transport is for development)',
      );
    transport = { kind: 'file', dir: resolve(cwd, read('MAIL_DIR') ?? 'var/mail') };
  }

  // A claim must outlast the longest a silent SMTP server can hold one send, so no second
  // instance takes a message still being sent (the worker also renews the claim while sending).
  const smtpTimeouts = {
    connectionMs: int('SMTP_CONNECTION_TIMEOUT_MS', 10_000, 100, 600_000),
    greetingMs: int('SMTP_GREETING_TIMEOUT_MS', 10_000, 100, 600_000),
    socketMs: int('SMTP_SOCKET_TIMEOUT_MS', 30_000, 100, 600_000),
  };
  const mailClaimMs = int('MAIL_CLAIM_MS', 120_000, 1000, 3_600_000);
  // The connection timeout bounds the DNS lookup and the TCP connect, hence twice.
  const smtpTimeoutTotal =
    2 * smtpTimeouts.connectionMs + smtpTimeouts.greetingMs + smtpTimeouts.socketMs;
  if (smtpTimeoutTotal >= mailClaimMs) {
    problems.push(
      `MAIL_CLAIM_MS (${mailClaimMs}) must be longer than 2 × SMTP_CONNECTION_TIMEOUT_MS + ` +
        `SMTP_GREETING_TIMEOUT_MS + SMTP_SOCKET_TIMEOUT_MS (${smtpTimeoutTotal})`,
    );
  }

  const demoData = bool('DEMO_DATA', envName === 'development');
  if (demoData && production) problems.push('DEMO_DATA cannot be enabled in production');
  const testClock = bool('TEST_CLOCK', false);
  if (testClock && production) problems.push('TEST_CLOCK cannot be enabled in production');

  const logLevel = (read('LOG_LEVEL') ?? 'log') as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  }
  const logFormat = (read('LOG_FORMAT') ?? 'json') as AppConfig['logFormat'];
  if (!['json', 'text'].includes(logFormat)) problems.push('LOG_FORMAT must be json or text');

  const adminPassword = read('ADMIN_PASSWORD') ?? null;
  if (adminPassword !== null && adminPassword.length < 12) {
    problems.push('ADMIN_PASSWORD must be at least 12 characters');
  }
  const adminExample =
    production && adminPassword !== null
      ? exampleSecretProblem('ADMIN_PASSWORD', adminPassword)
      : null;
  if (adminExample) problems.push(adminExample);

  const portalDirRaw = env.PORTAL_DIR === undefined ? 'dist/portal/browser' : read('PORTAL_DIR');
  const portalDir = portalDirRaw === undefined ? null : resolve(cwd, portalDirRaw);

  const firm = parseFirmConfig(read, problems);
  const branding = parseBrandingConfig(read, firm, problems);

  const config: AppConfig = {
    env: envName,
    host,
    port,
    publicUrl,
    secureCookies: publicUrl.startsWith('https:'),
    appSecret: appSecret ?? '',
    firmName: branding.name,
    branding,
    firm,
    reminders: parseReminderConfig(read, int, bool, problems),
    staffNotify: parseStaffNotifyConfig(read, int, problems),
    webhooks: parseWebhookConfig(read, int, bool, problems, production),
    database,
    mail: {
      transport,
      // The sender's name is the firm's, so a client sees who wrote (issue 13).
      from: read('MAIL_FROM') ?? `"${branding.name.replace(/["\\]/g, '')}" <no-reply@localhost>`,
      pollMs: int('OUTBOX_POLL_MS', 1000, 10, 60_000),
      retryBaseMs: int('MAIL_RETRY_BASE_MS', 5000, 10, 3_600_000),
      retryMaxMs: int('MAIL_RETRY_MAX_MS', 15 * 60_000, 1000, 3_600_000),
      claimMs: mailClaimMs,
      smtpTimeouts,
      staleMinutes: int('MAIL_STALE_MINUTES', 30, 1, 7 * 24 * 60),
    },
    links: {
      ttlDays: int('LINK_TTL_DAYS', 30, 1, 365),
      accessLinkTtlMinutes: int('ACCESS_LINK_TTL_MINUTES', 60, 1, 24 * 60),
      accessLinkMinIntervalSeconds: int('ACCESS_LINK_MIN_INTERVAL_SECONDS', 60, 0, 3600),
      accessLinkMaxPerHour: int('ACCESS_LINK_MAX_PER_HOUR', 5, 1, 100),
      accessLinkMaxPerAddressPerHour: int('ACCESS_LINK_MAX_PER_ADDRESS_PER_HOUR', 20, 1, 1000),
      retentionDays: int('LINK_RETENTION_DAYS', 30, 0, 3650),
      purgeIntervalMinutes: int('PURGE_INTERVAL_MINUTES', 60, 1, 24 * 60),
      purgeBatchSize: int('PURGE_BATCH_SIZE', 1000, 1, 1000),
    },
    retention: {
      // Past every job's need (notices, fan-out) by far; a year and a month of history.
      activityDays: int('ACTIVITY_RETENTION_DAYS', 400, 30, 3650),
      staffNoticeDays: int('STAFF_NOTICE_RETENTION_DAYS', 90, 1, 3650),
      webhookDeliveryDays: int('WEBHOOK_DELIVERY_RETENTION_DAYS', 90, 1, 3650),
    },
    staff: {
      adminUsername: read('ADMIN_USERNAME') ?? (production ? null : 'admin'),
      adminPassword,
      sessionHours: int('STAFF_SESSION_HOURS', 12, 1, 72),
    },
    sessions: {
      idleMinutes: int('SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
      clientHours: int('CLIENT_SESSION_HOURS', 12, 1, 24 * 30),
      pinHours: int('PIN_SESSION_HOURS', 2, 1, 24),
    },
    signIn: {
      maxPerAccount: int('SIGN_IN_MAX_FAILURES_PER_ACCOUNT', 5, 1, 100),
      maxPerAddress: int('SIGN_IN_MAX_FAILURES_PER_ADDRESS', 20, 1, 10_000),
      windowMinutes: int('SIGN_IN_WINDOW_MINUTES', 15, 1, 24 * 60),
      pinMaxPerAddress: int('PIN_MAX_FAILURES_PER_ADDRESS', 20, 1, 10_000),
    },
    storage: parseStorageConfig(read, cwd, problems, production),
    uploads: parseUploadConfig(read, int, problems),
    portalDir,
    demoData,
    testClock,
    logLevel,
    logFormat,
    bodyLimit: parseBodyLimit(read('BODY_LIMIT'), problems),
    trustProxy: read('TRUST_PROXY') ?? 'loopback',
    hotLane: bool('HOT_LANE', true),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };
/** The largest BODY_LIMIT: far above any JSON body the API takes (files go through uploads). */
const BODY_LIMIT_MAX = 64 * 1024 * 1024;

/** BODY_LIMIT in bytes: a whole or decimal number with b, kb or mb (1024-based), or bytes. */
export function parseBodyLimit(raw: string | undefined, problems: string[]): number {
  const fallback = 100 * 1024;
  if (raw === undefined) return fallback;
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb)?$/i.exec(raw);
  const bytes = match
    ? Math.floor(Number(match[1]) * SIZE_UNITS[(match[2] ?? 'b').toLowerCase()])
    : NaN;
  if (!(bytes >= 1 && bytes <= BODY_LIMIT_MAX)) {
    problems.push(`BODY_LIMIT must be a size from 1 byte to 64mb, such as 100kb (got "${raw}")`);
    return fallback;
  }
  return bytes;
}

function parseDatabaseUrl(raw: string, cwd: string, problems: string[]): DatabaseConfig {
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\//, '');
    if (file === '') {
      problems.push('DATABASE_URL sqlite: needs a file path, e.g. sqlite:var/portal.sqlite');
      return { driver: 'sqlite', file: ':memory:' };
    }
    return { driver: 'sqlite', file: file === ':memory:' ? file : resolve(cwd, file) };
  }
  if (/^(mysql|mariadb):\/\/[^/]+\/[A-Za-z0-9_$-]+/.test(raw)) {
    // Both go through mysql2; the scheme tells TypeORM which server's schema it reads.
    const flavor = raw.startsWith('mariadb:') ? 'mariadb' : 'mysql';
    return { driver: 'mysql', flavor, url: raw.replace(/^mariadb:/, 'mysql:') };
  }
  problems.push('DATABASE_URL must be sqlite:<file> or mysql://user:pass@host:port/database');
  return { driver: 'sqlite', file: ':memory:' };
}

/** Development only: a secret kept under var/ so restarts can still read sealed outbox mail. */
function localSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
