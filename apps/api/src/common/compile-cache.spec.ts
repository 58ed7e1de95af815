import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The code cache is a process-wide hook on Node's CommonJS loader, so each case runs in its own
 * Node process (through ts-node, as the bench's source mode does) on a few files in a temporary
 * directory, and reads what the process printed: the value its files computed and the cache's
 * counts.
 */
const ROOT = resolve(__dirname, '../../../..');
const HOOK = join(__dirname, 'compile-cache.ts');

interface Run {
  value: string;
  stats: { hits: number; misses: number; resolved: number; looked: number } | null;
}

let work: string;
let app: string;
let cacheDir: string;

function run(env: Record<string, string> = {}): Run {
  const script = `
    const { installCompileCache } = require(${JSON.stringify(HOOK)});
    const cache = installCompileCache(process.env);
    const value = require(${JSON.stringify(join(app, 'main.js'))})();
    if (cache) cache.save();
    process.stdout.write(JSON.stringify({ value, stats: cache ? cache.stats() : null }));
  `;
  const out = execFileSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-e', script],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        TS_NODE_PROJECT: join(ROOT, 'apps/api/tsconfig.app.json'),
        COMPILE_CACHE_DIR: cacheDir,
        ...env,
      },
      encoding: 'utf8',
    },
  );
  return JSON.parse(out) as Run;
}

function write(file: string, text: string): void {
  writeFileSync(join(app, file), text);
}

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'compile-cache-spec-'));
  app = join(work, 'app');
  cacheDir = join(work, 'cache');
  mkdirSync(join(app, 'lib'), { recursive: true });
  write('main.js', `module.exports = () => require('./lib') + ':' + require('./part').name;`);
  write('lib/index.js', `module.exports = 'lib-one';`);
  write('part.js', `exports.name = 'part-one'; exports.file = __filename;`);
});

afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('compile cache', () => {
  it('compiles every file the first time and reads all of them from the cache the next', () => {
    const first = run();
    expect(first.value).toBe('lib-one:part-one');
    expect(first.stats).toMatchObject({ hits: 0, misses: 3 });
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.blob'))).toHaveLength(1);

    const second = run();
    expect(second.value).toBe('lib-one:part-one');
    expect(second.stats).toMatchObject({ hits: 3, misses: 0 });
    expect(second.stats?.resolved).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('never serves an old file: a changed file is compiled again and its new code runs', () => {
    run();
    write('part.js', `exports.name = 'part-two, a longer name';`);
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(app, 'part.js'), later, later);
    const next = run();
    expect(next.value).toBe('lib-one:part-two, a longer name');
    expect(next.stats).toMatchObject({ hits: 2, misses: 1 });
    // The blob that start rewrote (the two unchanged files copied from the one it read) serves
    // all three, their code and their text.
    const third = run();
    expect(third.value).toBe('lib-one:part-two, a longer name');
    expect(third.stats).toMatchObject({ hits: 3, misses: 0 });
  }, 60_000);

  it('finds a file again when an earlier answer no longer holds (index.js replaced by lib.js)', () => {
    run();
    rmSync(join(app, 'lib'), { recursive: true });
    write('lib.js', `module.exports = 'lib-moved';`);
    expect(run().value).toBe('lib-moved:part-one');
  }, 60_000);

  it('starts normally from a damaged cache file', () => {
    run();
    for (const f of readdirSync(cacheDir)) writeFileSync(join(cacheDir, f), 'not a cache');
    const next = run();
    expect(next.value).toBe('lib-one:part-one');
    expect(next.stats).toMatchObject({ hits: 0, misses: 3 });
  }, 60_000);

  it('starts normally from a cache file cut short', () => {
    run();
    for (const f of readdirSync(cacheDir)) {
      truncateSync(join(cacheDir, f), Math.floor(statSync(join(cacheDir, f)).size / 2));
    }
    const next = run();
    expect(next.value).toBe('lib-one:part-one');
    expect(next.stats).toMatchObject({ hits: 0, misses: 3 });
  }, 60_000);

  it('is not used from a directory others may write to, nor when turned off', () => {
    mkdirSync(cacheDir, { mode: 0o777 });
    chmodSync(cacheDir, 0o777);
    expect(run()).toEqual({ value: 'lib-one:part-one', stats: null });
    expect(run({ COMPILE_CACHE_DIR: 'off' })).toEqual({ value: 'lib-one:part-one', stats: null });
  }, 60_000);
});
