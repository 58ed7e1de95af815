import { DEFAULT_UPLOAD_MAX_BYTES, DEFAULT_UPLOAD_TYPES } from './storage-config';
import { loadConfig } from './app-config';
import { configProblems } from './config.fixtures';

const base = { NODE_ENV: 'test', APP_SECRET: 'x'.repeat(40), DATABASE_URL: 'sqlite::memory:' };
const problems = (env: Record<string, string>): string[] =>
  configProblems({ ...base, ...env }, '/srv/app');

describe('storage and upload configuration', () => {
  it('defaults to local disk under var/files, 25 MB and the standard types', () => {
    const config = loadConfig(base, '/srv/app');
    expect(config.storage).toEqual({ kind: 'local', dir: '/srv/app/var/files' });
    expect(config.uploads).toEqual({
      maxBytes: DEFAULT_UPLOAD_MAX_BYTES,
      allowedTypes: DEFAULT_UPLOAD_TYPES,
    });
    expect(DEFAULT_UPLOAD_MAX_BYTES).toBe(25 * 1024 * 1024);
  });

  it('reads an S3-compatible store; path style by default when an endpoint is given', () => {
    const config = loadConfig(
      {
        ...base,
        STORAGE_S3_BUCKET: 'portal-files',
        STORAGE_S3_URL: 'http://127.0.0.1:9000/',
        STORAGE_S3_ACCESS_KEY_ID: 'id',
        STORAGE_S3_SECRET_ACCESS_KEY: 'secret',
      },
      '/srv/app',
    );
    expect(config.storage).toEqual({
      kind: 's3',
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'portal-files',
      region: 'us-east-1',
      accessKeyId: 'id',
      secretAccessKey: 'secret',
      forcePathStyle: true,
    });
  });

  it.each([
    [{ STORAGE_S3_BUCKET: 'Bad_Bucket' }, /STORAGE_S3_BUCKET/],
    [{ STORAGE_S3_BUCKET: 'ok-bucket', STORAGE_S3_URL: 'ftp://x' }, /STORAGE_S3_URL/],
    [{ STORAGE_S3_BUCKET: 'ok-bucket', STORAGE_S3_ACCESS_KEY_ID: 'id' }, /go together/],
    [{ STORAGE_S3_URL: 'http://127.0.0.1:9000' }, /without STORAGE_S3_BUCKET/],
    [{ UPLOAD_MAX_BYTES: '0' }, /UPLOAD_MAX_BYTES/],
    [{ UPLOAD_MAX_BYTES: 'lots' }, /UPLOAD_MAX_BYTES/],
    [{ UPLOAD_ALLOWED_TYPES: 'pdf, image/png' }, /UPLOAD_ALLOWED_TYPES/],
  ])('refuses %j', (env, message) => {
    expect(problems(env as Record<string, string>).join('\n')).toMatch(message);
  });

  it('takes a configured list of types', () => {
    const config = loadConfig(
      { ...base, UPLOAD_ALLOWED_TYPES: 'application/pdf, IMAGE/PNG' },
      '/srv/app',
    );
    expect(config.uploads.allowedTypes).toEqual(['application/pdf', 'image/png']);
  });
});
