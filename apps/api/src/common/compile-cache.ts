/**
 * A V8 code cache for the CommonJS files the server loads at start-up (issue 11 item 5).
 *
 * Node 20 has no `module.enableCompileCache()`, and about 60 % of a start is spent compiling the
 * ~2,000 JavaScript files of dist/ and node_modules. This hook compiles each `.js` file through
 * `vm.Script` with the bytes V8 produced for it on an earlier start, so V8 skips parsing and
 * compiling what it already compiled. Installed from the very top of main.ts, before anything
 * else is required.
 *
 * It also remembers where each `require` resolved to (a third of a start was Node searching
 * node_modules: stat calls, package.json reads, realpath), so a restart looks each one up in a map.
 *
 * - One blob per installation, Node version, flags and NODE_PATH/NODE_OPTIONS, read once at
 *   start-up and written once (`save()`, after the server listens) only when something was
 *   missing or stale.
 * - A code entry is used only while its file has the same size and modification time; V8 also
 *   refuses bytes that do not fit its version, flags or the source, and the file is compiled
 *   afresh then.
 * - A resolution is used only while the file it found has the same size and modification time,
 *   and all of them are dropped when node_modules changes (`npm install`/`npm ci` rewrite
 *   node_modules/.package-lock.json): a newly installed package can never be shadowed by an old
 *   answer. A rebuild of dist/ rewrites every file, so its old answers fail the check.
 * - The directory is `COMPILE_CACHE_DIR` (`off` disables the cache), else
 *   `<os.tmpdir()>/client-portal-compile-cache-<uid>`. It must be a directory owned by this user
 *   and writable by nobody else (code cache is code); otherwise the cache is not used.
 * - Nothing here may stop the server: every failure falls back to Node's own compilation.
 *   Files Node would load as ES modules, `.cjs`/`.mjs`/`.json` and TypeScript go to Node as before.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { constants as vmConstants, Script } from 'node:vm';

/**
 * One file: V8's code for it and its text as it was compiled (so that a restart need not read
 * the file again), stored one after the other in the blob and read from there when required.
 */
interface Entry {
  /** size and mtime of the file the bytes were made from */
  size: number;
  mtimeMs: number;
  codeLength: number;
  /** -1: no text kept */
  sourceLength: number;
  /** the text is all ASCII (read as latin1, the fastest) */
  ascii: boolean;
  /** the format Node's loader gave the file ('commonjs', or undefined: no package type) */
  format: string | undefined;
  /** where the bytes start in the blob file open for reading (-1: only in memory) */
  offset: number;
  /** the code, then the text, once read or made by this start */
  bytes: Buffer | undefined;
}

interface Pending {
  size: number;
  mtimeMs: number;
  script: Script;
  content: string;
  format: string | undefined;
}

interface Resolution {
  filename: string;
  size: number;
  mtimeMs: number;
}

type CompileFn = (this: Module, content: string, filename: string, format?: string) => unknown;
type ResolveFn = (
  request: string,
  parent: Module | undefined,
  isMain: boolean,
  options?: object,
) => string;

interface ModuleInternals {
  _compile: CompileFn;
}

interface ModuleStatics {
  _resolveFilename: ResolveFn;
  _resolveLookupPaths(request: string, parent: Module): string[] | null;
  _nodeModulePaths: (this: unknown, from: string) => string[];
  _extensions: NodeJS.RequireExtensions;
  _cache: NodeJS.Dict<NodeJS.Module>;
}

const MAGIC = 'client-portal-compile-cache-3';

/** The blob file this start read its index from, open for reading the bytes file by file. */
let blobFd: number | undefined;

export interface CompileCache {
  /** Writes the cache when this start compiled something the cache did not hold. */
  save(): void;
  /** What this start found: for the log and the tests. */
  stats(): { hits: number; misses: number; resolved: number; looked: number; file: string };
}

let installed: CompileCache | undefined;

/** Installs the hook once; later calls return the same cache. Returns undefined when disabled. */
export function installCompileCache(
  env: Record<string, string | undefined> = process.env,
): CompileCache | undefined {
  if (installed) return installed;
  const setting = env.COMPILE_CACHE_DIR?.trim();
  if (setting === 'off') return undefined;
  const uid = typeof process.getuid === 'function' ? process.getuid() : -1;
  const dir = setting || join(tmpdir(), `client-portal-compile-cache-${uid}`);
  if (!privateDirectory(dir, uid)) return undefined;
  const key = createHash('sha256')
    .update(
      [
        MAGIC,
        process.version,
        process.arch,
        process.execArgv.join(' '),
        env.NODE_OPTIONS ?? '',
        env.NODE_PATH ?? '',
        __dirname,
      ].join('\0'),
    )
    .digest('hex')
    .slice(0, 32);
  const file = join(dir, `${key}.blob`);
  const installation = installationStamp();
  const blob = readBlob(file);
  blobFd = blob.fd;
  const entries = blob.entries;
  const resolutions =
    blob.installation === installation ? blob.resolutions : new Map<string, Resolution>();
  const pending = new Map<string, Pending>();
  let hits = 0;
  let misses = 0;
  let resolved = 0;
  let looked = 0;
  let changed = false;
  /** The file facts the resolver just read, so the compile right after it does not stat again. */
  const fresh = new Map<string, { size: number; mtimeMs: number }>();

  const statics = Module as unknown as ModuleStatics;
  const nodeResolve = statics._resolveFilename;
  statics._resolveFilename = function resolveFilename(
    request: string,
    parent: Module | undefined,
    isMain: boolean,
    options?: object,
  ): string {
    const from = parent?.filename ? dirname(parent.filename) : undefined;
    if (from === undefined || isMain || options !== undefined || request.startsWith('node:')) {
      return nodeResolve.call(this, request, parent, isMain, options);
    }
    const key = `${from}\0${request}`;
    const known = resolutions.get(key);
    if (known !== undefined) {
      // Already loaded in this process: its file was checked when it was first required.
      if (statics._cache[known.filename] !== undefined) {
        resolved++;
        return known.filename;
      }
      const stat = statSync(known.filename, { throwIfNoEntry: false });
      if (stat && stat.size === known.size && stat.mtimeMs === known.mtimeMs) {
        resolved++;
        fresh.set(known.filename, stat);
        return known.filename;
      }
    }
    const filename = nodeResolve.call(this, request, parent, isMain, options);
    looked++;
    if (isAbsolute(filename)) {
      const stat = statSync(filename, { throwIfNoEntry: false });
      if (stat) {
        fresh.set(filename, stat);
        resolutions.set(key, { filename, size: stat.size, mtimeMs: stat.mtimeMs });
        changed = true;
      }
    }
    return filename;
  };

  // A `.js` file the cache holds unchanged is compiled from the text kept with its code: Node's
  // loader would read the file again and walk up to its package.json for the module type, which
  // the earlier start already did (and only while node_modules and package.json are unchanged).
  const sourcesUsable = blob.installation === installation;
  let justRead: { entry: Entry; bytes: Buffer } | undefined;
  const nodeJs = statics._extensions['.js'];
  statics._extensions['.js'] = function loadJs(mod: Module, filename: string): void {
    const cached = sourcesUsable ? entries.get(filename) : undefined;
    if (cached !== undefined && cached.sourceLength >= 0) {
      const stat = fresh.get(filename) ?? statSync(filename, { throwIfNoEntry: false });
      const bytes =
        stat && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs
          ? bytesOf(cached, true)
          : undefined;
      if (stat && bytes) {
        fresh.set(filename, stat);
        const content = bytes.toString(
          cached.ascii ? 'latin1' : 'utf8',
          cached.codeLength,
          cached.codeLength + cached.sourceLength,
        );
        // The code bytes are still in the scratch buffer: compile() takes them from there.
        justRead = { entry: cached, bytes };
        try {
          (mod as unknown as ModuleInternals)._compile.call(mod, content, filename, cached.format);
        } finally {
          justRead = undefined;
        }
        return;
      }
    }
    nodeJs.call(this, mod, filename);
  };

  // Every module gets the list of node_modules folders above it (for requires the cache does not
  // answer); a pure function of its folder, computed once per folder.
  const nodeModulePaths = statics._nodeModulePaths;
  const pathsByDir = new Map<string, string[]>();
  statics._nodeModulePaths = function nodeModulePathsOnce(from: string): string[] {
    if (!isAbsolute(from)) return nodeModulePaths.call(this, from);
    let paths = pathsByDir.get(from);
    if (paths === undefined) {
      paths = nodeModulePaths.call(this, from);
      pathsByDir.set(from, paths);
    }
    return paths.slice();
  };

  const proto = Module.prototype as unknown as ModuleInternals;
  const nodeCompile = proto._compile;
  proto._compile = function compile(
    this: Module,
    content: string,
    filename: string,
    format?: string,
  ): unknown {
    if (format === 'module' || !filename.endsWith('.js')) {
      return nodeCompile.call(this, content, filename, format);
    }
    let script: Script;
    let stat: { size: number; mtimeMs: number };
    try {
      stat = fresh.get(filename) ?? statSync(filename);
      fresh.delete(filename);
      const cached = entries.get(filename);
      const bytes =
        cached !== undefined && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs
          ? justRead?.entry === cached
            ? justRead.bytes
            : bytesOf(cached)
          : undefined;
      justRead = undefined;
      // V8 reads the cached bytes while constructing the script (before the module runs and
      // requires others), so they may sit in the scratch buffer.
      script = new Script(Module.wrap(content), {
        filename,
        cachedData: bytes && cached ? bytes.subarray(0, cached.codeLength) : undefined,
        importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      });
      if (bytes && cached && !script.cachedDataRejected) {
        hits++;
        if (cached.sourceLength < 0) {
          entries.set(
            filename,
            entryOf(stat, bytes.subarray(0, cached.codeLength), content, format),
          );
          changed = true;
        } else if (cached.offset >= 0) {
          // Read again from the blob if ever needed (save): not kept in memory.
          cached.bytes = undefined;
        }
      } else {
        misses++;
        pending.set(filename, { size: stat.size, mtimeMs: stat.mtimeMs, script, content, format });
      }
    } catch {
      // Not valid as a CommonJS script (e.g. ES module syntax in a .js file): Node decides.
      return nodeCompile.call(this, content, filename, format);
    }
    const wrapper = script.runInThisContext({ displayErrors: true }) as (
      ...args: unknown[]
    ) => unknown;
    return wrapper.call(
      this.exports,
      this.exports,
      requireFor(this),
      this,
      filename,
      dirname(filename),
    );
  };

  installed = {
    save(): void {
      if (pending.size === 0 && !changed) return;
      try {
        for (const [filename, p] of pending) {
          // Made now, after start-up, the bytes include the functions that ran since.
          entries.set(filename, entryOf(p, p.script.createCachedData(), p.content, p.format));
        }
        pending.clear();
        fresh.clear();
        changed = false;
        writeBlob(file, { installation, entries, resolutions, fd: blobFd });
      } catch {
        // A cache that cannot be written only costs the next start its speed.
      }
    },
    stats: () => ({ hits, misses, resolved, looked, file }),
  };
  return installed;
}

function entryOf(
  stat: { size: number; mtimeMs: number },
  code: Buffer,
  content: string,
  format: string | undefined,
): Entry {
  const text = Buffer.from(content, 'utf8');
  return {
    size: stat.size,
    mtimeMs: stat.mtimeMs,
    codeLength: code.length,
    sourceLength: text.length,
    ascii: text.length === content.length,
    format,
    offset: -1,
    bytes: Buffer.concat([code, text]),
  };
}

let scratch: Buffer | undefined;

/**
 * An entry's code and text: in memory, or read from the blob (undefined if that fails).
 * `transient`: read into a scratch buffer reused by the next read (one allocation per start, not
 * one per file), not kept.
 */
function bytesOf(entry: Entry, transient = false): Buffer | undefined {
  if (entry.bytes !== undefined) return entry.bytes;
  if (entry.offset < 0 || blobFd === undefined) return undefined;
  try {
    const length = entry.codeLength + Math.max(entry.sourceLength, 0);
    let bytes: Buffer;
    if (transient) {
      if (scratch === undefined || scratch.length < length) {
        scratch = Buffer.allocUnsafeSlow(Math.max(length, 1 << 20));
      }
      bytes = scratch.subarray(0, length);
    } else {
      bytes = Buffer.allocUnsafeSlow(length);
    }
    if (readSync(blobFd, bytes, 0, length, entry.offset) !== length) return undefined;
    if (!transient) entry.bytes = bytes;
    return bytes;
  } catch {
    return undefined;
  }
}

/** The `require` a CommonJS module sees, as Node's own loader builds it. */
function requireFor(mod: Module): NodeJS.Require {
  const req = ((id: string): unknown => mod.require(id)) as NodeJS.Require;
  const statics = Module as unknown as ModuleStatics;
  const resolve = ((request: string, options?: { paths?: string[] }) =>
    statics._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => statics._resolveLookupPaths(request, mod);
  req.resolve = resolve;
  req.main = require.main;
  req.extensions = statics._extensions;
  req.cache = statics._cache;
  return req;
}

function privateDirectory(dir: string, uid: number): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    return stat.isDirectory() && (uid < 0 || stat.uid === uid) && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/**
 * The installation stamp: the modification time of the nearest node_modules/.package-lock.json
 * above this file (npm rewrites it on every install) and of the package.json beside it (the
 * module type of the app's own files), or ''.
 */
function installationStamp(): string {
  let dir = __dirname;
  for (;;) {
    const stat = statSync(join(dir, 'node_modules', '.package-lock.json'), {
      throwIfNoEntry: false,
    });
    const pkg = stat && statSync(join(dir, 'package.json'), { throwIfNoEntry: false });
    if (stat)
      return `${dir}:${stat.mtimeMs}:${stat.size}:${pkg ? `${pkg.mtimeMs}:${pkg.size}` : ''}`;
    const up = dirname(dir);
    if (up === dir) return '';
    dir = up;
  }
}

interface Blob {
  installation: string;
  entries: Map<string, Entry>;
  resolutions: Map<string, Resolution>;
  /** the blob file, open for reading the entries' bytes */
  fd: number | undefined;
}

interface BlobIndex {
  installation: string;
  /**
   * [filename, size, mtimeMs, length of its code, length of its text (-1: none), ASCII text,
   * module format or ''], in the order of the bytes: each file's code, then its text
   */
  code: [string, number, number, number, number, boolean, string][];
  /** [parent directory \0 request, filename, size, mtimeMs] */
  resolutions: [string, string, number, number][];
}

/**
 * The blob: MAGIC, a newline, the index's length in bytes, a newline, the JSON index, then the
 * bytes in index order. Only the index is read here: each file's bytes when it is required.
 */
function readBlob(file: string): Blob {
  const blob: Blob = {
    installation: '',
    entries: new Map<string, Entry>(),
    resolutions: new Map<string, Resolution>(),
    fd: undefined,
  };
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return blob;
  }
  try {
    const head = Buffer.alloc(MAGIC.length + 24);
    const headLength = readSync(fd, head, 0, head.length, 0);
    const first = head.indexOf(10);
    const second = head.indexOf(10, first + 1);
    if (first < 0 || second < 0 || second >= headLength) throw new Error('no header');
    if (head.toString('utf8', 0, first) !== MAGIC) throw new Error('another format');
    const indexLength = Number(head.toString('utf8', first + 1, second));
    const size = fstatSync(fd).size;
    if (!Number.isSafeInteger(indexLength) || second + 1 + indexLength > size) {
      throw new Error('short');
    }
    const indexBytes = Buffer.allocUnsafe(indexLength);
    if (readSync(fd, indexBytes, 0, indexLength, second + 1) !== indexLength) {
      throw new Error('short');
    }
    const index = JSON.parse(indexBytes.toString('utf8')) as BlobIndex;
    let offset = second + 1 + indexLength;
    for (const [filename, size, mtimeMs, codeLength, sourceLength, ascii, format] of index.code) {
      blob.entries.set(filename, {
        size,
        mtimeMs,
        codeLength,
        sourceLength,
        ascii,
        format: format || undefined,
        offset,
        bytes: undefined,
      });
      offset += codeLength + Math.max(sourceLength, 0);
    }
    if (offset !== size) throw new Error('damaged');
    for (const [key, filename, size, mtimeMs] of index.resolutions) {
      blob.resolutions.set(key, { filename, size, mtimeMs });
    }
    blob.installation = index.installation;
    blob.fd = fd;
    return blob;
  } catch {
    closeSync(fd);
    blob.entries.clear();
    blob.resolutions.clear();
    return blob;
  }
}

/**
 * Writes every entry (those read from the old blob are read from it now) to a new blob, which
 * then serves the entries' bytes: the old one is closed and nothing is kept in memory.
 */
function writeBlob(file: string, blob: Blob): void {
  const index: BlobIndex = { installation: blob.installation, code: [], resolutions: [] };
  const parts: Buffer[] = [];
  const placed: [Entry, number][] = [];
  let offset = 0;
  for (const [filename, entry] of blob.entries) {
    const bytes = bytesOf(entry);
    if (bytes === undefined) {
      blob.entries.delete(filename);
      continue;
    }
    index.code.push([
      filename,
      entry.size,
      entry.mtimeMs,
      entry.codeLength,
      entry.sourceLength,
      entry.ascii,
      entry.format ?? '',
    ]);
    parts.push(bytes);
    placed.push([entry, offset]);
    offset += bytes.length;
  }
  for (const [key, r] of blob.resolutions) {
    index.resolutions.push([key, r.filename, r.size, r.mtimeMs]);
  }
  const json = Buffer.from(JSON.stringify(index), 'utf8');
  const head = Buffer.from(`${MAGIC}\n${json.length}\n`, 'utf8');
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w+', 0o600);
  try {
    writeSync(fd, head);
    writeSync(fd, json);
    for (const part of parts) writeSync(fd, part);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  try {
    // Atomic: two instances starting together each write a whole blob; the last one stays.
    renameSync(temp, file);
  } catch {
    unlinkSync(temp);
  }
  // Our own file (even if another instance's replaced it under that name) now serves the bytes.
  const start = head.length + json.length;
  for (const [entry, at] of placed) {
    entry.offset = start + at;
    entry.bytes = undefined;
  }
  if (blob.fd !== undefined) closeSync(blob.fd);
  blob.fd = fd;
  blobFd = fd;
}
