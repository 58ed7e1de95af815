import { resolve } from 'node:path';

export type StorageConfig =
  | { kind: 'local'; dir: string }
  | {
      kind: 's3';
      /** Endpoint of an S3-compatible server; null means AWS itself (by region). */
      endpoint: string | null;
      bucket: string;
      region: string;
      accessKeyId: string | null;
      secretAccessKey: string | null;
      forcePathStyle: boolean;
    };

export interface UploadConfig {
  /** Largest file accepted, in bytes (UPLOAD_MAX_BYTES, default 25 MB). */
  maxBytes: number;
  /** MIME types accepted (UPLOAD_ALLOWED_TYPES, comma-separated). */
  allowedTypes: string[];
}

/** PDF, images (HEIC/HEIF included), Microsoft Office and OpenDocument formats, plain text. */
export const DEFAULT_UPLOAD_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/tiff',
  'image/heic',
  'image/heif',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'text/plain',
  'text/csv',
];

export const DEFAULT_UPLOAD_MAX_BYTES = 25 * 1024 * 1024;

type Read = (name: string) => string | undefined;
type Int = (name: string, fallback: number, min: number, max: number) => number;

/**
 * STORAGE_DIR (local disk, the default) or STORAGE_S3_BUCKET with STORAGE_S3_URL, _REGION,
 * _ACCESS_KEY_ID, _SECRET_ACCESS_KEY and _FORCE_PATH_STYLE (an S3-compatible store).
 */
export function parseStorageConfig(
  read: Read,
  cwd: string,
  problems: string[],
  production: boolean,
): StorageConfig {
  const bucket = read('STORAGE_S3_BUCKET');
  const s3Vars = [
    'STORAGE_S3_URL',
    'STORAGE_S3_REGION',
    'STORAGE_S3_ACCESS_KEY_ID',
    'STORAGE_S3_SECRET_ACCESS_KEY',
  ];
  if (bucket === undefined) {
    const stray = s3Vars.filter((name) => read(name) !== undefined);
    if (stray.length > 0) problems.push(`${stray.join(', ')} set without STORAGE_S3_BUCKET`);
    return { kind: 'local', dir: resolve(cwd, read('STORAGE_DIR') ?? 'var/files') };
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    problems.push(
      `STORAGE_S3_BUCKET must be a bucket name: 3-63 lower-case letters, digits, dots and hyphens (got "${bucket}")`,
    );
  }
  let endpoint: string | null = null;
  const rawUrl = read('STORAGE_S3_URL');
  if (rawUrl !== undefined) {
    try {
      const url = new URL(rawUrl);
      if (!['http:', 'https:'].includes(url.protocol)) throw new Error('protocol');
      if (production && url.protocol !== 'https:' && !isLoopback(url.hostname)) {
        problems.push('STORAGE_S3_URL must use https in production');
      }
      endpoint = url.origin;
    } catch {
      problems.push(`STORAGE_S3_URL must be an absolute http(s) URL (got "${rawUrl}")`);
    }
  }
  const accessKeyId = read('STORAGE_S3_ACCESS_KEY_ID') ?? null;
  const secretAccessKey = read('STORAGE_S3_SECRET_ACCESS_KEY') ?? null;
  if ((accessKeyId === null) !== (secretAccessKey === null)) {
    problems.push('STORAGE_S3_ACCESS_KEY_ID and STORAGE_S3_SECRET_ACCESS_KEY go together');
  }
  const pathStyle = read('STORAGE_S3_FORCE_PATH_STYLE');
  if (pathStyle !== undefined && !['true', 'false'].includes(pathStyle)) {
    problems.push('STORAGE_S3_FORCE_PATH_STYLE must be true or false');
  }
  return {
    kind: 's3',
    endpoint,
    bucket,
    region: read('STORAGE_S3_REGION') ?? 'us-east-1',
    accessKeyId,
    secretAccessKey,
    forcePathStyle: pathStyle === undefined ? endpoint !== null : pathStyle === 'true',
  };
}

export function parseUploadConfig(read: Read, int: Int, problems: string[]): UploadConfig {
  const maxBytes = int('UPLOAD_MAX_BYTES', DEFAULT_UPLOAD_MAX_BYTES, 1, 5 * 1024 ** 3);
  const raw = read('UPLOAD_ALLOWED_TYPES');
  if (raw === undefined) return { maxBytes, allowedTypes: DEFAULT_UPLOAD_TYPES };
  const allowedTypes = raw
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  const bad = allowedTypes.filter((t) => !/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(t));
  if (allowedTypes.length === 0 || bad.length > 0) {
    problems.push(
      `UPLOAD_ALLOWED_TYPES must be a comma-separated list of MIME types like application/pdf${bad.length ? ` (bad: ${bad.join(', ')})` : ''}`,
    );
  }
  return { maxBytes, allowedTypes };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.startsWith('127.') || host === '[::1]';
}
