// Turns one route of the OpenAPI document into one hostile (or, now and then, valid) request:
// wrong types, missing and extra fields, huge and deep values, broken JSON, wrong content types,
// bad multipart, odd Unicode and traversal strings in bodies, path ids and query strings.
import { gzipSync } from 'node:zlib';
import type { Prng } from './prng';
import { type OpenApiDocument, resolveSchema, type Route, type Schema } from './openapi-routes';

export interface FuzzRequest {
  method: string;
  /** Already encoded: what goes on the request line. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** What kind of hostility this is, for the report. */
  kind: string;
}

export interface IdPool {
  /**
   * Ids the fuzzing identities may act on (rows made after the "before" dump), by parameter
   * name; `requestId@<taskId>` (and the like) lists the ones that belong together, so a path
   * can name a task and one of its own requests and reach the handler.
   */
  own: Record<string, string[]>;
  /** Ids of pre-existing rows: only reads, out-of-scope callers, or requests refused by parsing. */
  protectedIds: Record<string, string[]>;
}

export interface GenerateContext {
  doc: OpenApiDocument;
  ids: IdPool;
  /** Whether this identity may touch pre-existing rows with a request that could be valid. */
  mayWriteProtected: boolean;
  /** A counter, so "fresh" values (e-mails, usernames) do not repeat. */
  serial: number;
}

/** Strings that have broken parsers, validators, drivers, loggers and templates before. */
export const ODD_STRINGS: readonly string[] = [
  '\ud800',
  '\udfff',
  'a\ud83d',
  '\udc00abc',
  'jane\ud800@example.com',
  '\u0000',
  'abc\u0000def',
  'x\u0000.pdf',
  '\u202eexe.txt',
  'Invoice\u202egnp.exe',
  '\u2066isolated\u2069',
  '\u200b\u200c\u200d',
  '\ufeffBOM',
  '\uffff\ufffe',
  'e\u0301'.repeat(300),
  '👍'.repeat(500),
  'שלום עולם',
  'مرحبا',
  '\r\n\r\n',
  '\t',
  '\u001b[31mred',
  '\u0085\u2028\u2029',
  '\u007f',
  '%00',
  '%s%s%s%n',
  '${7*7}',
  '{{constructor.constructor("return process")()}}',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '"; DROP TABLE clients; --',
  '\\',
  '\\u0000',
  ' ',
  '',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  '__proto__',
  'constructor',
  'ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ',
  'İ'.repeat(100),
  'ok 👍',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '\u{10ffff}',
  'ß'.repeat(100),
];

/** The ones that made 500s or bad rows before: lone surrogates, NUL, controls, bidi. */
export const DANGEROUS_STRINGS: readonly string[] = [
  '\ud800',
  '\udfff',
  'jane\ud800@example.com',
  'a\udbff',
  '\u0000',
  'a\u0000@example.com',
  '\u001b',
  'Invoice\u202egnp.exe',
  '\u2067x',
];

export const TRAVERSAL: readonly string[] = [
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '/etc/passwd',
  '....//....//etc/passwd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%252f..%252fetc%252fpasswd',
  '/dev/zero',
  'file:///etc/passwd',
  'C:\\Windows\\System32',
  '\\\\server\\share\\x',
  'a/../../b',
  '.',
  '..',
  '~/.ssh/id_rsa',
  '/proc/self/environ',
  '../../var/files/x\u0000.pdf',
];

/** Path segments exactly as they go on the request line (already "encoded", or deliberately not). */
const RAW_SEGMENTS: readonly string[] = [
  '0',
  '-1',
  '1e309',
  'null',
  'undefined',
  'true',
  '%20',
  '..',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2f',
  '..%5C..%5Cwindows',
  '%00',
  '%ZZ',
  '%',
  '%E0%A4%A',
  '%ED%A0%80',
  '%C0%AF',
  '%C0%AE%C0%AE%C0%AF',
  '%FF%FE',
  '%E2%80%AE',
  '%F0%9F%98%80',
  "'%20OR%20'1'%3D'1",
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '%7B00000000-0000-0000-0000-000000000000%7D',
  '00000000-0000-0000-0000-00000000000g',
  '00000000000000000000000000000000',
  'a'.repeat(300),
  '9'.repeat(40),
  '%3Cscript%3E',
  '__proto__',
  'constructor',
  '.%2e',
  '%252e%252e',
];

const RAW_BYTES: readonly number[][] = [
  [0xc0, 0xaf], // overlong "/"
  [0xe0, 0x80, 0xaf], // overlong "/"
  [0xed, 0xa0, 0x80], // an encoded surrogate (CESU-8)
  [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
  [0xff, 0xfe],
  [0x80],
  [0xc3], // truncated sequence
  [0x00], // a raw NUL inside a JSON string: not valid JSON
  [0x1b, 0x5b],
];

/** Numbers at the edges of what JavaScript, SQLite and MariaDB each accept, as query text. */
const NUMERIC_EDGES: readonly string[] = [
  '99999999999999999999',
  '18446744073709551616',
  '9223372036854775808',
  '9007199254740993',
  '2147483648',
  '-2147483649',
  '1e300',
  '1e20',
  '-1e300',
  '1e-7',
  '0.5',
  '-0',
  '+1',
  '01',
  '0x10',
  '0b11',
  '1_000',
  '%201',
  'Infinity',
  '-1',
];

/** A marker replaced by raw bytes after JSON encoding. */
const RAW = '\u0001RAW\u0001';

const CONTENT_TYPES: readonly string[] = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=utf-7',
  'application/json; charset=bogus',
  'application/vnd.api+json',
  'application/json, text/plain',
  'application/xml',
  'application/octet-stream',
  '*/*',
  ';;;',
  'application/json; boundary=x; charset="utf-8"',
];

/** Bodies the JSON parser refuses (strict mode: an object or array, nothing else). */
const BROKEN_JSON: readonly string[] = [
  '{',
  '}',
  '{"a":}',
  '{"a":1,}',
  "{'a':1}",
  '{"a":NaN}',
  '{"a":undefined}',
  '{"a":1 /* comment */}',
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
  '{"a":"\\ud800"',
  '[1,2',
  '{"a":1}{"b":2}',
  '{"a":1} trailing',
  'null',
  'true',
  '42',
  '"string"',
  '{"a":"' + 'x'.repeat(50) + '\n"}',
  '\u0000',
  '\u0000{}',
];

/** Parseable, but odd: prototype keys, numbers past double range, duplicate keys, a BOM. */
const ODD_JSON: readonly string[] = [
  '',
  '\ufeff{"a":1}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"a":1e999999}',
  '{"a":-1e999999}',
  '{"a":123456789012345678901234567890}',
  '{"a":1,"a":2,"a":[]}',
  '{}',
  '[]',
];

function pickKind(prng: Prng): string {
  return prng.weighted<string>([
    [4, 'valid'],
    [8, 'wrong-type'],
    [6, 'missing-field'],
    [6, 'extra-field'],
    [4, 'huge-string'],
    [5, 'deep'],
    [10, 'odd-unicode'],
    [5, 'raw-bytes'],
    [5, 'traversal'],
    [6, 'broken-json'],
    [3, 'odd-json'],
    [6, 'content-type'],
    [4, 'not-an-object'],
    [4, 'bad-multipart'],
    [10, 'garbage-path'],
    [6, 'garbage-query'],
    [3, 'wrong-method'],
  ]);
}

export function generate(route: Route, prng: Prng, ctx: GenerateContext): FuzzRequest {
  // Query strings are where numbers meet SQL: routes that take one get a garbage one often.
  const kind = route.query.length && prng.chance(0.25) ? 'garbage-query' : pickKind(prng);
  const method =
    kind === 'wrong-method'
      ? prng.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'])
      : route.method;
  // A request that must be refused before any handler runs may name pre-existing rows, and so
  // may reads; other writes name them only for callers who have no right to them.
  const refusedByParser = kind === 'broken-json' || kind === 'deep';
  const reads = method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
  const useProtected = ctx.mayWriteProtected || refusedByParser || reads;
  const path = buildPath(route, prng, ctx, kind === 'garbage-path', useProtected);
  const query = buildQuery(route, prng, ctx, kind === 'garbage-query');
  const request: FuzzRequest = { method, path: path + query, headers: {}, kind };

  if (!refusedByParser && (route.body?.kind === 'multipart' || kind === 'bad-multipart')) {
    if (route.body?.kind === 'multipart' || prng.chance(0.5)) {
      Object.assign(request, multipart(prng, kind === 'bad-multipart' || prng.chance(0.5)));
      if (kind !== 'bad-multipart') request.kind = `${kind}+${request.kind}`;
      return request;
    }
  }
  const schema = route.body?.kind === 'json' ? resolveSchema(ctx.doc, route.body.schema) : null;
  // Broken and too-deep JSON always goes as a JSON body: it must be refused whatever the route.
  const bodyKind = ['content-type', 'not-an-object', 'odd-json', 'raw-bytes'].includes(kind);
  const needsBody = schema !== null || refusedByParser || (bodyKind && prng.chance(0.5));
  if (!needsBody) return request;

  let text: string | Buffer;
  switch (kind) {
    case 'broken-json':
      text = prng.pick(BROKEN_JSON);
      break;
    case 'odd-json':
      text = prng.pick(ODD_JSON);
      break;
    case 'not-an-object':
      text = prng.pick(['[]', '[{}]', '[1,2,3]', `[${JSON.stringify(valid(schema, prng, ctx))}]`]);
      break;
    case 'deep':
      text = deepJson(prng, schema ? valid(schema, prng, ctx) : {});
      break;
    case 'raw-bytes':
      text = withRawBytes(
        mutateField(schema, prng, ctx, () => `a${RAW}b`),
        prng,
      );
      break;
    default:
      text = JSON.stringify(mutateBody(kind, schema, prng, ctx));
  }
  const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  request.headers['content-type'] =
    kind === 'content-type' ? prng.pick(CONTENT_TYPES) : 'application/json';
  if (kind === 'content-type' && prng.chance(0.3)) {
    // Compressed bodies: body-parser inflates gzip/deflate; broken ones must still be a 4xx.
    const encoding = prng.pick(['gzip', 'deflate', 'br', 'compress', 'identity, gzip']);
    request.headers['content-type'] = 'application/json';
    request.headers['content-encoding'] = encoding;
    request.body = encoding === 'gzip' && prng.chance(0.5) ? gzipSync(body) : body;
    return request;
  }
  request.body = body;
  return request;
}

function buildPath(
  route: Route,
  prng: Prng,
  ctx: GenerateContext,
  garbage: boolean,
  useProtected: boolean,
): string {
  const chosen: string[] = [];
  return route.path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const related = chosen
      .map((parent) => ctx.ids.own[`${name}@${parent}`])
      .find((ids) => ids?.length);
    const own = related && prng.chance(0.85) ? related : (ctx.ids.own[name] ?? []);
    const protectedIds = ctx.ids.protectedIds[name] ?? [];
    const choice = garbage
      ? 'garbage'
      : prng.weighted<string>([
          [own.length ? 6 : 0, 'own'],
          [useProtected && protectedIds.length ? 2 : 0, 'protected'],
          [2, 'random'],
          [1, 'garbage'],
        ]);
    if (choice === 'own') {
      const id = prng.pick(own);
      chosen.push(id);
      return id;
    }
    if (choice === 'protected') return prng.pick(protectedIds);
    if (choice === 'random') return prng.uuid();
    return prng.chance(0.7)
      ? prng.pick(RAW_SEGMENTS)
      : encodeURIComponent(
          prng.pick([...ODD_STRINGS, ...TRAVERSAL]).replace(/[\ud800-\udfff]/g, 'x'),
        );
  });
}

/**
 * A query string: with `garbage`, usually one parameter is garbled and the others are valid (so
 * the bad one is what reaches the service), sometimes all of them, sometimes an unknown one.
 */
function buildQuery(route: Route, prng: Prng, ctx: GenerateContext, garbage: boolean): string {
  const pairs: string[] = [];
  const target = garbage && route.query.length ? prng.pick(route.query) : null;
  const all = garbage && prng.chance(0.15);
  for (const param of route.query) {
    const bad = all || param === target;
    if (!bad && prng.chance(0.5)) continue;
    const numeric =
      param.schema?.type === 'integer' ||
      param.schema?.type === 'number' ||
      typeof param.schema?.default === 'number';
    const value = bad
      ? numeric && prng.chance(0.7)
        ? prng.pick(NUMERIC_EDGES)
        : prng.pick([
            ...RAW_SEGMENTS,
            ...NUMERIC_EDGES,
            '',
            'a'.repeat(2000),
            '%ED%A0%80',
            '%00',
            'open%00',
            '%25_%5C',
          ])
      : encodeURIComponent(plainValue(valid(param.schema ?? {}, prng, ctx, param.name)));
    const shape = bad ? prng.pick(['plain', 'plain', 'plain', 'array', 'operator']) : 'plain';
    if (shape === 'array') pairs.push(`${param.name}[]=${value}`);
    else if (shape === 'operator') pairs.push(`${param.name}[$gt]=${value}`);
    else pairs.push(`${param.name}=${value}`);
    if (bad && prng.chance(0.15)) pairs.push(`${param.name}=${value}`); // repeated
  }
  if (!target || prng.chance(0.2)) {
    if (garbage || prng.chance(0.1)) {
      pairs.push(
        prng.pick([
          'unknown=1',
          '__proto__[x]=1',
          'constructor[prototype][x]=1',
          '%ZZ=1',
          '=',
          '&&&',
          `${'k'.repeat(100)}=${'v'.repeat(3000)}`,
        ]),
      );
    }
  }
  return pairs.length ? `?${pairs.join('&')}` : '';
}

function plainValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A plausible valid value for a schema, using examples, enums, formats and field names. */
export function valid(
  schema: Schema | null,
  prng: Prng,
  ctx: GenerateContext,
  name = '',
  depth = 0,
): unknown {
  const s = resolveSchema(ctx.doc, schema ?? {});
  if (s.enum?.length) return prng.pick(s.enum);
  const lower = name.toLowerCase();
  if (s.type === 'array') {
    const count = prng.int(1, 2);
    return Array.from({ length: count }, () => valid(s.items ?? {}, prng, ctx, name, depth + 1));
  }
  if (s.type === 'object' || s.properties) {
    const out: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(s.properties ?? {})) {
      if (s.required?.includes(key) || prng.chance(0.5)) {
        out[key] = valid(prop, prng, ctx, key, depth + 1);
      }
    }
    return out;
  }
  if (s.type === 'integer' || s.type === 'number') {
    if (typeof s.example === 'number') return s.example;
    return prng.int(s.minimum ?? 0, Math.min(s.maximum ?? 100, 100));
  }
  if (s.type === 'boolean') return prng.chance(0.5);
  // Strings.
  if (lower.endsWith('ids') || lower.endsWith('id') || s.format === 'uuid') {
    const key = lower.endsWith('ids') ? name.slice(0, -1) : name;
    const own = ctx.ids.own[key] ?? ctx.ids.own.taskId ?? [];
    return own.length && prng.chance(0.8) ? prng.pick(own) : prng.uuid();
  }
  if (lower.includes('email')) return `fuzz.${ctx.serial}.${prng.int(0, 1e6)}@example.com`;
  if (lower === 'username') return `fuzz.${ctx.serial}.${prng.int(0, 1e6)}`;
  if (lower === 'password') return `a fuzzed pass phrase ${prng.int(0, 1e9)}`;
  if (lower === 'token') return base64url(prng, 43);
  if (lower === 'pin') return String(prng.int(10_000_000, 99_999_999));
  if (lower === 'reference') return `T-${base64url(prng, 6).toUpperCase().replace(/[_-]/g, 'X')}`;
  if (lower.endsWith('date')) return `2027-0${prng.int(1, 9)}-1${prng.int(0, 9)}`;
  if (lower.endsWith('at') || lower.endsWith('from') || s.format === 'date-time') {
    return new Date(Date.UTC(2026, prng.int(0, 11), prng.int(1, 28))).toISOString();
  }
  if (typeof s.example === 'string') return s.example;
  return `fuzz ${name} ${prng.int(0, 1e6)}`;
}

function base64url(prng: Prng, length: number): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return Array.from({ length }, () => chars[prng.int(0, 63)]).join('');
}

function wrongValue(prng: Prng): unknown {
  return prng.pick<unknown>([
    0,
    -1,
    1.5,
    2 ** 53 + 1,
    -1e308,
    true,
    false,
    null,
    [],
    [null],
    ['a', 1, {}],
    {},
    { $gt: '' },
    { __proto__: { polluted: true } },
    '',
    'string',
    '1',
    'true',
    'null',
  ]);
}

function mutateBody(
  kind: string,
  schema: Schema | null,
  prng: Prng,
  ctx: GenerateContext,
): unknown {
  switch (kind) {
    case 'wrong-type':
      return mutateField(schema, prng, ctx, () => wrongValue(prng));
    case 'missing-field': {
      const body = valid(schema, prng, ctx);
      if (body && typeof body === 'object' && !Array.isArray(body)) {
        const keys = Object.keys(body);
        for (const key of keys) if (prng.chance(0.5)) delete (body as Record<string, unknown>)[key];
        if (keys.length && prng.chance(0.3)) return {};
      }
      return body;
    }
    case 'extra-field': {
      const body = valid(schema, prng, ctx) as Record<string, unknown>;
      const key = prng.pick([
        'extra',
        'id',
        'role',
        'isAdmin',
        'clientId',
        'status',
        'a'.repeat(500),
      ]);
      return { ...(typeof body === 'object' && body ? body : {}), [key]: wrongValue(prng) };
    }
    case 'huge-string': {
      const size = prng.pick([1_000, 5_001, 10_001, 60_000, 99_000, 150_000]);
      return mutateField(schema, prng, ctx, () =>
        prng.pick(['x', 'é', '👍', '\u0000']).repeat(size),
      );
    }
    case 'odd-unicode': {
      const odd = () => {
        const text = prng.chance(0.5) ? prng.pick(DANGEROUS_STRINGS) : prng.pick(ODD_STRINGS);
        return prng.chance(0.3) ? `fine ${text} text` : text;
      };
      return prng.chance(0.5)
        ? mutateStrings(schema, prng, ctx, odd)
        : mutateField(schema, prng, ctx, odd);
    }
    case 'traversal':
      return mutateField(schema, prng, ctx, () => prng.pick(TRAVERSAL));
    default:
      return valid(schema, prng, ctx);
  }
}

/** A valid body with every string in it replaced by `make()`. */
function mutateStrings(
  schema: Schema | null,
  prng: Prng,
  ctx: GenerateContext,
  make: () => unknown,
): unknown {
  const replace = (node: unknown): unknown => {
    if (typeof node === 'string') return make();
    if (Array.isArray(node)) return node.map(replace);
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, replace(v)]));
    }
    return node;
  };
  return replace(valid(schema, prng, ctx));
}

/** A valid body with one field (possibly nested) replaced by `make()`. */
function mutateField(
  schema: Schema | null,
  prng: Prng,
  ctx: GenerateContext,
  make: () => unknown,
): unknown {
  const body = valid(schema, prng, ctx);
  const holders: Array<[Record<string, unknown> | unknown[], string | number]> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        holders.push([node, i]);
        walk(child);
      });
    } else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        holders.push([node as Record<string, unknown>, key]);
        walk(child);
      }
    }
  };
  walk(body);
  if (holders.length === 0) {
    return { [prng.pick(['text', 'email', 'name', 'title', 'token'])]: make() };
  }
  const [holder, key] = prng.pick(holders);
  (holder as Record<string | number, unknown>)[key] = make();
  return body;
}

function deepJson(prng: Prng, base: unknown): string {
  // Past the 32-level cap (the boundary itself is in test/api/bad-input-answers-4xx).
  const depth = prng.pick([33, 34, 40, 100, 1000, 5000, 20_000]);
  const array = prng.chance(0.5);
  const open = array ? '[' : '{"a":';
  const close = array ? ']' : '}';
  const inner = open.repeat(depth) + '1' + close.repeat(depth);
  if (prng.chance(0.5) || !base || typeof base !== 'object' || Array.isArray(base)) return inner;
  // The deep value inside one field of an otherwise valid body.
  const keys = Object.keys(base);
  const key = keys.length ? prng.pick(keys) : 'extra';
  const marker = '\u0002DEEP\u0002';
  return JSON.stringify({ ...base, [key]: marker }).replace(JSON.stringify(marker), () => inner);
}

function withRawBytes(body: unknown, prng: Prng): Buffer {
  const text = JSON.stringify(body);
  const escapedMarker = JSON.stringify(RAW).slice(1, -1);
  const parts = text.split(escapedMarker);
  const bytes = Buffer.from(prng.pick(RAW_BYTES));
  const chunks: Buffer[] = [];
  parts.forEach((part, i) => {
    if (i > 0) chunks.push(bytes);
    chunks.push(Buffer.from(part, 'utf8'));
  });
  return Buffer.concat(chunks);
}

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'),
  Buffer.alloc(600, 0x20),
]);

/** A multipart body: well-formed (one PDF in "file") or broken in one of many ways. */
function multipart(prng: Prng, broken: boolean): Pick<FuzzRequest, 'headers' | 'body' | 'kind'> {
  const boundary = `----fuzz${prng.int(0, 1e9)}`;
  const filename = prng.chance(0.6)
    ? 'scan.pdf'
    : prng.pick([...TRAVERSAL, ...ODD_STRINGS, 'a'.repeat(1000) + '.pdf', '.pdf', 'noext']);
  const partType = prng.chance(0.8)
    ? 'application/pdf'
    : prng.pick(['image/png', 'application/x-msdownload', 'text/html', '', 'x/y; charset=bogus']);
  const content = prng.chance(0.8)
    ? PDF
    : prng.pick([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(0), Buffer.from('<html>')]);
  const part = (name: string, file = true, body = content): Buffer =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"` +
          (file ? `; filename="${filename.replace(/"/g, '%22').replace(/[\r\n]/g, ' ')}"` : '') +
          `\r\nContent-Type: ${partType}\r\n\r\n`,
        'utf8',
      ),
      body,
      Buffer.from('\r\n'),
    ]);
  const end = Buffer.from(`--${boundary}--\r\n`);
  const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
  if (!broken)
    return { headers, body: Buffer.concat([part('file'), end]), kind: 'multipart-valid' };
  const variant = prng.pick([
    'truncated',
    'truncated-headers',
    'two-files',
    'no-file-part',
    'wrong-field',
    'boundary-mismatch',
    'no-boundary',
    'empty',
    'huge-header',
    'filename-star',
    'garbage',
    'no-end',
    'nested-multipart',
  ]);
  const bodies: Record<string, () => Pick<FuzzRequest, 'headers' | 'body'>> = {
    truncated: () => ({ headers, body: part('file').subarray(0, prng.int(10, 300)) }),
    'truncated-headers': () => ({
      headers,
      body: Buffer.from(`--${boundary}\r\nContent-Disposition: form-da`),
    }),
    'two-files': () => ({ headers, body: Buffer.concat([part('file'), part('file'), end]) }),
    'no-file-part': () => ({
      headers,
      body: Buffer.concat([part('note', false, Buffer.from('hello')), end]),
    }),
    'wrong-field': () => ({ headers, body: Buffer.concat([part('upload'), end]) }),
    'boundary-mismatch': () => ({
      headers: { 'content-type': 'multipart/form-data; boundary=other' },
      body: Buffer.concat([part('file'), end]),
    }),
    'no-boundary': () => ({
      headers: { 'content-type': 'multipart/form-data' },
      body: Buffer.concat([part('file'), end]),
    }),
    empty: () => ({ headers, body: Buffer.alloc(0) }),
    'huge-header': () => ({
      headers,
      body: Buffer.concat([
        Buffer.from(`--${boundary}\r\nX-Long: ${'h'.repeat(100_000)}\r\n`),
        part('file'),
        end,
      ]),
    }),
    'filename-star': () => ({
      headers,
      body: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''%ED%A0%80%00..%2F..%2Fx.pdf\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        PDF,
        Buffer.from('\r\n'),
        end,
      ]),
    }),
    garbage: () => ({ headers, body: Buffer.from(Array.from({ length: 256 }, (_, i) => i)) }),
    'no-end': () => ({ headers, body: part('file') }),
    'nested-multipart': () => ({
      headers: { 'content-type': `multipart/mixed; boundary=${boundary}` },
      body: Buffer.concat([part('file'), end]),
    }),
  };
  return { ...bodies[variant](), kind: `bad-multipart:${variant}` };
}
