// Lets `npm run e2e:browser` skip a build that is already there. `.ci/run` builds, then runs
// `npm test`, whose browser suite used to build the same sources a second time (about a minute).
//
//   node scripts/build-stamp.mjs begin   `npm run build` starts: remove the stamp, note the inputs
//   node scripts/build-stamp.mjs end     `npm run build` succeeded: write dist/.build-stamp.json
//                                        (only if the inputs did not change while it built)
//   node scripts/build-stamp.mjs ensure  `npm run build`, unless the stamp says dist/ is the build
//                                        of the sources as they are now
//   node scripts/build-stamp.mjs check   say whether it is (exit 0) or not (exit 1), build nothing
//
// The stamp holds a hash of the build's inputs (apps/, libs/, package.json, the lock files,
// tsconfig*.json, angular.json, nest-cli.json, the build's own scripts, the Node version and
// NODE_ENV) and a hash of every file the build wrote (dist/api, dist/portal). `ensure` builds when
// anything differs: no stamp, other inputs, a file in dist/ added, removed or changed (a partial
// or a separate `build:api`, say). Any doubt builds.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-stamp.json');
const PENDING = join(DIST, '.build-stamp.pending.json');

const INPUT_DIRS = ['apps', 'libs'];
const INPUT_FILES = [
  'package.json',
  'package-lock.json',
  'node_modules/.package-lock.json',
  'angular.json',
  'nest-cli.json',
  'scripts/check-bundle-size.mjs',
  'scripts/build-stamp.mjs',
];
const OUTPUT_DIRS = ['dist/api', 'dist/portal'];
/** What the browser suite and the bench start; a stamp without them is no build. */
const REQUIRED_OUTPUTS = ['dist/api/apps/api/src/main.js', 'dist/portal/browser/index.html'];

/** Every regular file (and symlink) under `dir`, as paths relative to ROOT, sorted. */
function listFiles(dir) {
  const found = [];
  const walk = (abs) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = join(abs, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.push(relative(ROOT, path));
    }
  };
  if (existsSync(join(ROOT, dir))) walk(join(ROOT, dir));
  return found;
}

/** One hash over the paths and contents of `files` (missing files count, as missing). */
function hashFiles(files) {
  const hash = createHash('sha256');
  for (const file of [...new Set(files)].sort()) {
    const abs = join(ROOT, file);
    hash.update(`${file}\0`);
    if (!existsSync(abs)) {
      hash.update('missing\n');
      continue;
    }
    const stat = lstatSync(abs);
    if (stat.isSymbolicLink()) hash.update(`link ${readlinkSync(abs)}\n`);
    else hash.update(createHash('sha256').update(readFileSync(abs)).digest('hex') + '\n');
  }
  return hash.digest('hex');
}

function inputsHash() {
  const rootConfigs = readdirSync(ROOT).filter((name) => /^tsconfig.*\.json$/.test(name));
  const files = [...INPUT_DIRS.flatMap(listFiles), ...INPUT_FILES, ...rootConfigs];
  const environment = `node ${process.version} ${process.platform}-${process.arch}; NODE_ENV=${process.env.NODE_ENV ?? ''}`;
  return createHash('sha256')
    .update(`${environment}\n${hashFiles(files)}`)
    .digest('hex');
}

function outputsHash() {
  return hashFiles(OUTPUT_DIRS.flatMap(listFiles));
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** Why dist/ cannot be taken as it is, or null when it is the build of the current sources. */
function staleReason() {
  const stamp = readJson(STAMP);
  if (!stamp) return 'no build stamp in dist/';
  const missing = REQUIRED_OUTPUTS.filter((file) => !existsSync(join(ROOT, file)));
  if (missing.length > 0) return `${missing.join(' and ')} missing`;
  if (stamp.inputs !== inputsHash()) return 'sources or build settings changed since the build';
  if (stamp.outputs !== outputsHash()) return 'dist/ changed since the stamped build';
  return null;
}

function begin() {
  rmSync(STAMP, { force: true });
  rmSync(PENDING, { force: true });
  mkdirSync(DIST, { recursive: true });
  writeFileSync(PENDING, JSON.stringify({ inputs: inputsHash() }) + '\n');
}

function end() {
  const pending = readJson(PENDING);
  rmSync(PENDING, { force: true });
  if (!pending) {
    process.stdout.write('build stamp: not written (the build did not start with `begin`)\n');
    return;
  }
  if (pending.inputs !== inputsHash()) {
    process.stdout.write('build stamp: not written (sources changed during the build)\n');
    return;
  }
  const stamp = {
    inputs: pending.inputs,
    outputs: outputsHash(),
    builtAt: new Date().toISOString(),
  };
  writeFileSync(STAMP, JSON.stringify(stamp, null, 2) + '\n');
}

function ensure() {
  const reason = staleReason();
  if (reason === null) {
    const { builtAt } = readJson(STAMP);
    process.stdout.write(
      `dist/ is the build of these sources (built ${builtAt}): not building again\n`,
    );
    return 0;
  }
  process.stdout.write(`building: ${reason}\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

const command = process.argv[2];
if (command === 'begin') begin();
else if (command === 'end') end();
else if (command === 'ensure') process.exitCode = ensure();
else if (command === 'check') {
  const reason = staleReason();
  process.stdout.write(`${reason ?? 'dist/ is the build of these sources'}\n`);
  process.exitCode = reason === null ? 0 : 1;
} else {
  process.stderr.write('usage: node scripts/build-stamp.mjs begin|end|ensure|check\n');
  process.exitCode = 2;
}
