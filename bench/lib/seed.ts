/**
 * Seeds the product's own (migrated) MariaDB schema in bulk: rows generated here, written as
 * tab-separated files and loaded with LOAD DATA INFILE (foreign-key and unique checks off while
 * loading), ANALYZE TABLE at the end. Every token
 * and device secret is derived from a name, so the bench knows them; the database holds only
 * their SHA-256, exactly as the product stores them (common/crypto.ts: sha256Hex of the token).
 */
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Connection } from 'mysql2/promise';
import {
  HEAVY_COMPLETED,
  HEAVY_OPEN,
  LINKS_PER_DISPATCH,
  type SeedSize,
  TASKS_PER_DISPATCH,
} from './sizes';

const DAY = 24 * 60 * 60 * 1000;
const BATCH = 5_000;

/** 32 bytes as base64url: 43 characters, the product's token and device-secret pattern. */
export function benchToken(kind: string, n: number): string {
  return createHash('sha256').update(`client-portal-bench:${kind}:${n}`).digest('base64url');
}

export const sha256Hex = (value: string): string =>
  createHash('sha256').update(value).digest('hex');

/** MariaDB datetime(3) literal in UTC, as TypeORM writes it with timezone 'Z'. */
export function sqlTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

export interface HeavyClient {
  clientId: string;
  deviceSecret: string;
  /** An open task with requests, answers, documents and messages. */
  detailTaskId: string;
}

export interface Fixture {
  size: SeedSize;
  heavy: HeavyClient[];
  redeemTokens: string[];
  statusTokens: string[];
  /** Dispatches of regular clients, used to hang the expired links on. */
  regularDispatches: { id: string; clientId: string; deviceId: string }[];
  rows: Record<string, number>;
  seconds: number;
}

type Row = (string | number | null)[];

/** Where rows go: MariaDB (a mysql2 connection) or the embedded SQLite file (better-sqlite3). */
export type SeedDb = Connection | BetterSqlite3.Database;

interface RowSink {
  readonly counts: Record<string, number>;
  add(table: string, columns: string[], row: Row): void;
  flush(): Promise<void>;
}

const isSqlite = (db: SeedDb): db is BetterSqlite3.Database => 'pragma' in db;

/** SQLite: rows inserted through prepared statements, one transaction per table and flush. */
class SqliteLoader implements RowSink {
  private readonly pending = new Map<string, { columns: string[]; rows: Row[] }>();
  readonly counts: Record<string, number> = {};

  constructor(private readonly db: BetterSqlite3.Database) {}

  add(table: string, columns: string[], row: Row): void {
    let entry = this.pending.get(table);
    if (!entry) {
      entry = { columns, rows: [] };
      this.pending.set(table, entry);
    }
    entry.rows.push(row);
    if (entry.rows.length >= BATCH) this.write(table, entry);
  }

  private write(table: string, entry: { columns: string[]; rows: Row[] }): void {
    if (entry.rows.length === 0) return;
    const insert = this.db.prepare(
      `INSERT INTO "${table}" (${entry.columns.map((c) => `"${c}"`).join(', ')}) VALUES (${entry.columns.map(() => '?').join(', ')})`,
    );
    const rows = entry.rows;
    this.db.transaction(() => {
      for (const row of rows) insert.run(row);
    })();
    this.counts[table] = (this.counts[table] ?? 0) + rows.length;
    entry.rows = [];
  }

  flush(): Promise<void> {
    for (const [table, entry] of this.pending) this.write(table, entry);
    this.pending.clear();
    return Promise.resolve();
  }
}

async function openSink(db: SeedDb): Promise<RowSink> {
  if (isSqlite(db)) {
    db.pragma('foreign_keys = OFF');
    return new SqliteLoader(db);
  }
  await db.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
  return Loader.open(db);
}

async function closeSink(db: SeedDb, sink: RowSink, tables: string[]): Promise<void> {
  await sink.flush();
  if (isSqlite(db)) {
    db.pragma('foreign_keys = ON');
    db.exec('ANALYZE');
    return;
  }
  await db.query('SET SESSION foreign_key_checks = 1, unique_checks = 1');
  await db.query(`ANALYZE TABLE ${tables.join(', ')}`);
}

/**
 * Writes rows as tab-separated files (one per table) and loads each with one LOAD DATA INFILE:
 * the fastest bulk path into InnoDB. mariadbd runs on this machine as this user and reads the
 * files itself (the bench's MariaDB has no secure_file_priv).
 */
class Loader implements RowSink {
  private readonly files = new Map<
    string,
    { columns: string[]; fd: number; path: string; chunk: string[]; rows: number }
  >();
  readonly counts: Record<string, number> = {};

  private constructor(
    private readonly db: Connection,
    private readonly dir: string,
  ) {}

  static async open(db: Connection): Promise<Loader> {
    return new Loader(db, await mkdtemp(join(tmpdir(), 'portal-bench-seed-')));
  }

  add(table: string, columns: string[], row: Row): void {
    let file = this.files.get(table);
    if (!file) {
      const path = join(this.dir, `${table}.tsv`);
      file = { columns, fd: openSync(path, 'w'), path, chunk: [], rows: 0 };
      this.files.set(table, file);
    }
    file.chunk.push(row.map(tsv).join('\t'));
    file.rows++;
    if (file.chunk.length >= BATCH) this.write(file);
  }

  private write(file: { fd: number; chunk: string[] }): void {
    if (file.chunk.length === 0) return;
    writeSync(file.fd, `${file.chunk.join('\n')}\n`);
    file.chunk = [];
  }

  async flush(): Promise<void> {
    for (const [table, file] of this.files) {
      this.write(file);
      closeSync(file.fd);
      await this.db.query(
        `LOAD DATA INFILE ? INTO TABLE \`${table}\` CHARACTER SET utf8mb4
         FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'
         (${file.columns.map((c) => `\`${c}\``).join(', ')})`,
        [file.path],
      );
      this.counts[table] = (this.counts[table] ?? 0) + file.rows;
    }
    this.files.clear();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** One field of a LOAD DATA line: \N for NULL, backslash, tab and newline escaped. */
function tsv(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  // Millions of fields: the common case (nothing to escape) without a regular expression.
  if (!value.includes('\\') && !value.includes('\t') && !value.includes('\n')) return value;
  return value.replace(/[\\\t\n]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : '\\n'));
}

const CLIENT_COLS = ['id', 'email', 'name', 'portal_enabled_from', 'created_at'];
const TASK_COLS = [
  'id',
  'client_id',
  'reference',
  'title',
  'description',
  'due_date',
  'status',
  'created_at',
  'dispatched_at',
  'completed_at',
  'cancelled_at',
  'closed_by_staff_id',
  // The request counters the product keeps on the task row (issue 11; no declined answers here).
  'open_requests',
  'total_requests',
  'declined_answers',
];
const REQUEST_COLS = ['id', 'task_id', 'position', 'kind', 'prompt', 'status', 'completed_at'];
const DISPATCH_COLS = ['id', 'client_id', 'mode', 'created_by_staff_id', 'created_at'];
const DISPATCH_TASK_COLS = ['dispatch_id', 'task_id'];
const LINK_COLS = [
  'id',
  'token_hash',
  'kind',
  'client_id',
  'dispatch_id',
  'created_at',
  'redeem_by',
  'expires_at',
  'used_at',
  'used_by_device_id',
  'revoked_at',
  'revoke_reason',
];
const DEVICE_COLS = ['id', 'secret_hash', 'label', 'created_at', 'last_seen_at', 'revoked_at'];
const GRANT_COLS = [
  'id',
  'device_id',
  'dispatch_id',
  'client_id',
  'link_id',
  'granted_at',
  'expires_at',
  'revoked_at',
];
const ANSWER_COLS = [
  'id',
  'request_id',
  'task_id',
  'status',
  'text',
  'decision',
  'author_type',
  'author_id',
  'device_id',
  'created_at',
  'updated_at',
  'submitted_at',
];
const DOCUMENT_COLS = [
  'id',
  'task_id',
  'request_id',
  'storage_key',
  'filename',
  'content_type',
  'size',
  'sha256',
  'uploaded_by_type',
  'uploaded_by_id',
  'device_id',
  'created_at',
];
const MESSAGE_COLS = [
  'id',
  'task_id',
  'author_type',
  'author_id',
  'device_id',
  'body',
  'created_at',
];

const DESCRIPTION =
  'Please send us the signed power of attorney and confirm the list of goods and services for the ' +
  'renewal. The registry needs the originals before the deadline; scans are fine for now.';

interface SeedTask {
  id: string;
  open: boolean;
}

/** Seeds one size into the (migrated, empty) database behind `db`. */
export async function seed(db: SeedDb, size: SeedSize, now = Date.now()): Promise<Fixture> {
  const started = Date.now();
  const load = await openSink(db);
  const linkTtl = 30 * DAY;
  let taskNo = 0;
  let linkNo = 0;

  const addTask = (
    clientId: string,
    open: boolean,
    createdAt: number,
    requests: 'plain' | 'rich',
  ): { task: SeedTask; requestIds: string[] } => {
    const n = taskNo++;
    const id = randomUUID();
    const dueDate =
      open && n % 7 !== 0
        ? `2027-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`
        : null;
    const completedAt = open ? null : sqlTime(createdAt + DAY + (n % 1000) * 1000);
    const kinds =
      requests === 'rich'
        ? (['question', 'confirmation', 'document'] as const)
        : (['question', 'document'] as const);
    // The first request of an open task is done, the others open; a completed task's all done.
    const done = (position: number): boolean => !open || position === 0;
    load.add('tasks', TASK_COLS, [
      id,
      clientId,
      `B-${n.toString(36).toUpperCase()}`,
      `Task ${n}: trademark renewal papers`,
      DESCRIPTION,
      dueDate,
      open ? 'open' : 'completed',
      sqlTime(createdAt),
      sqlTime(createdAt + 60_000),
      completedAt,
      null,
      null,
      kinds.filter((_, position) => !done(position)).length,
      kinds.length,
      0,
    ]);
    const requestIds: string[] = [];
    for (let position = 0; position < kinds.length; position++) {
      const requestId = randomUUID();
      requestIds.push(requestId);
      load.add('task_requests', REQUEST_COLS, [
        requestId,
        id,
        position,
        kinds[position],
        `Step ${position + 1} of task ${n}: answer or upload what the firm asks for here.`,
        done(position) ? 'done' : 'open',
        done(position) ? sqlTime(createdAt + 2 * 60_000 + position) : null,
      ]);
    }
    return { task: { id, open }, requestIds };
  };

  const addDispatch = (clientId: string, tasks: SeedTask[], createdAt: number): string => {
    const id = randomUUID();
    load.add('dispatches', DISPATCH_COLS, [id, clientId, 'link', null, sqlTime(createdAt)]);
    for (const task of tasks) load.add('dispatch_tasks', DISPATCH_TASK_COLS, [id, task.id]);
    return id;
  };

  const addLink = (input: {
    clientId: string;
    dispatchId: string;
    kind: 'dispatch' | 'access';
    createdAt: number;
    usedBy?: string | null;
    superseded?: boolean;
    token?: string;
    expiresAt?: number;
  }): string => {
    const id = randomUUID();
    const token = input.token ?? benchToken('link', linkNo);
    linkNo++;
    const expiresAt = input.expiresAt ?? input.createdAt + linkTtl;
    const redeemBy = input.kind === 'access' ? input.createdAt + 60 * 60_000 : expiresAt;
    load.add('links', LINK_COLS, [
      id,
      sha256Hex(token),
      input.kind,
      input.clientId,
      input.dispatchId,
      sqlTime(input.createdAt),
      sqlTime(redeemBy),
      sqlTime(expiresAt),
      input.usedBy ? sqlTime(input.createdAt + 5 * 60_000) : null,
      input.usedBy ?? null,
      input.superseded ? sqlTime(input.createdAt + 10 * 60_000) : null,
      input.superseded ? 'superseded' : null,
    ]);
    return id;
  };

  const addDevice = (secret: string, createdAt: number): string => {
    const id = randomUUID();
    load.add('devices', DEVICE_COLS, [
      id,
      sha256Hex(secret),
      'Chrome on Android',
      sqlTime(createdAt),
      sqlTime(createdAt),
      null,
    ]);
    return id;
  };

  const addGrant = (
    g: { deviceId: string; dispatchId: string; clientId: string; linkId: string },
    grantedAt: number,
    expiresAt: number,
  ): void => {
    load.add('device_grants', GRANT_COLS, [
      randomUUID(),
      g.deviceId,
      g.dispatchId,
      g.clientId,
      g.linkId,
      sqlTime(grantedAt),
      sqlTime(expiresAt),
      null,
    ]);
  };

  // Recent enough that every regular link is still within its 30 days.
  const base = now - 20 * DAY;
  const heavy: HeavyClient[] = [];
  const regularDispatches: Fixture['regularDispatches'] = [];
  const firstTasks = new Map<string, SeedTask[]>();
  const heavyTasks = size.heavyClients * (HEAVY_OPEN + HEAVY_COMPLETED);
  const regularClients = size.clients - size.heavyClients;
  const regularTasks = Math.max(0, size.tasks - heavyTasks);
  const regularIds: string[] = [];

  for (let c = 0; c < size.clients; c++) {
    const clientId = randomUUID();
    load.add('clients', CLIENT_COLS, [
      clientId,
      `client-${c}@bench.example`,
      `Bench Client ${c}`,
      sqlTime(now - 400 * DAY),
      sqlTime(now - 400 * DAY + c),
    ]);
    const deviceSecret = benchToken('device', c);
    const deviceId = addDevice(deviceSecret, base);
    const isHeavy = c < size.heavyClients;

    const tasks: SeedTask[] = [];
    let detailTaskId = '';
    if (isHeavy) {
      for (let i = 0; i < HEAVY_OPEN + HEAVY_COMPLETED; i++) {
        const open = i < HEAVY_OPEN;
        const rich = i === 0;
        const { task, requestIds } = addTask(
          clientId,
          open,
          base + i * 1000,
          rich ? 'rich' : 'plain',
        );
        tasks.push(task);
        if (rich) {
          detailTaskId = task.id;
          addRichHistory(load, { clientId, deviceId, taskId: task.id, requestIds, at: base });
        }
      }
    } else {
      const index = c - size.heavyClients;
      const count =
        Math.floor(regularTasks / regularClients) + (index < regularTasks % regularClients ? 1 : 0);
      for (let i = 0; i < count; i++) {
        const { task } = addTask(clientId, i % 2 === 0, base + i * 1000, 'plain');
        tasks.push(task);
      }
      regularIds.push(clientId);
    }

    // Dispatches of 3 tasks (heavy clients: 3 of 100), each with a used dispatch link, a
    // superseded access link and a used access link; the client's device holds the grant.
    const perDispatch = isHeavy ? (HEAVY_OPEN + HEAVY_COMPLETED) / 3 : TASKS_PER_DISPATCH;
    for (let start = 0; start < tasks.length; start += perDispatch) {
      const group = tasks.slice(start, start + perDispatch);
      const at = base + start * 1000;
      const dispatchId = addDispatch(clientId, group, at);
      const linkIds: string[] = [];
      for (let l = 0; l < LINKS_PER_DISPATCH; l++) {
        linkIds.push(
          addLink({
            clientId,
            dispatchId,
            kind: l === 0 ? 'dispatch' : 'access',
            createdAt: at + l * 3_600_000,
            usedBy: l === 1 ? null : deviceId,
            superseded: l === 1,
          }),
        );
      }
      addGrant(
        { deviceId, dispatchId, clientId, linkId: linkIds[LINKS_PER_DISPATCH - 1] },
        at,
        at + linkTtl,
      );
      if (!isHeavy) regularDispatches.push({ id: dispatchId, clientId, deviceId });
    }
    if (isHeavy) heavy.push({ clientId, deviceSecret, detailTaskId });
    else firstTasks.set(clientId, tasks.slice(0, TASKS_PER_DISPATCH));
  }

  // Unused dispatch links: one dispatch each, carrying a regular client's first three tasks.
  const pool = (kind: string, count: number): string[] => {
    const tokens: string[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = regularIds[i % regularIds.length];
      const at = now - DAY + i;
      const dispatchId = addDispatch(clientId, firstTasks.get(clientId) ?? [], at);
      const token = benchToken(kind, i);
      addLink({ clientId, dispatchId, kind: 'dispatch', createdAt: at, token });
      tokens.push(token);
    }
    return tokens;
  };
  const statusTokens = pool('status', size.statusPool);
  const redeemTokens = pool('redeem', size.redeemPool);

  await closeSink(db, load, [
    'clients',
    'tasks',
    'task_requests',
    'dispatches',
    'dispatch_tasks',
    'links',
    'devices',
    'device_grants',
    'request_answers',
    'task_documents',
    'task_messages',
  ]);
  return {
    size,
    heavy,
    redeemTokens,
    statusTokens,
    regularDispatches,
    rows: load.counts,
    seconds: (Date.now() - started) / 1000,
  };
}

function addRichHistory(
  load: RowSink,
  input: { clientId: string; deviceId: string; taskId: string; requestIds: string[]; at: number },
): void {
  const { clientId, deviceId, taskId, requestIds, at } = input;
  load.add('request_answers', ANSWER_COLS, [
    randomUUID(),
    requestIds[0],
    taskId,
    'submitted',
    'Yes, the list of goods is still right.',
    null,
    'client',
    clientId,
    deviceId,
    sqlTime(at + 1000),
    sqlTime(at + 2000),
    sqlTime(at + 2000),
  ]);
  load.add('request_answers', ANSWER_COLS, [
    randomUUID(),
    requestIds[1],
    taskId,
    'draft',
    null,
    'approved',
    'client',
    clientId,
    deviceId,
    sqlTime(at + 3000),
    sqlTime(at + 3000),
    null,
  ]);
  for (let d = 0; d < 2; d++) {
    load.add('task_documents', DOCUMENT_COLS, [
      randomUUID(),
      taskId,
      requestIds[2],
      `bench/${randomUUID()}`,
      `power-of-attorney-${d + 1}.pdf`,
      'application/pdf',
      123_456 + d,
      sha256Hex(`document ${d}`),
      'client',
      clientId,
      deviceId,
      sqlTime(at + 10_000 + d * 1000),
    ]);
  }
  for (let m = 0; m < 3; m++) {
    load.add('task_messages', MESSAGE_COLS, [
      randomUUID(),
      taskId,
      m % 2 === 0 ? 'client' : 'staff',
      m % 2 === 0 ? clientId : randomUUID(),
      m % 2 === 0 ? deviceId : null,
      `Message ${m + 1} about the renewal: the originals are in the post.`,
      sqlTime(at + 20_000 + m * 1000),
    ]);
  }
}

/**
 * Links that expired long before the retention period (and an ended grant for every second one),
 * for the purge measurement: a backlog, as after the purge was off for a while or when history is
 * loaded. They expired 75 days ago, so on MariaDB they sit in a month that ended before the
 * purge's cutoff (30 days' retention) whatever the day the bench runs. Hung on existing regular
 * dispatches.
 */
export async function seedExpiredLinks(
  db: Connection,
  fixture: Fixture,
  count: number,
  now = Date.now(),
): Promise<number> {
  await db.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
  const load = await Loader.open(db);
  const created = now - 105 * DAY;
  const expires = now - 75 * DAY;
  for (let i = 0; i < count; i++) {
    const d = fixture.regularDispatches[i % fixture.regularDispatches.length];
    const id = randomUUID();
    const used = i % 2 === 0;
    load.add('links', LINK_COLS, [
      id,
      sha256Hex(benchToken('expired', i)),
      'access',
      d.clientId,
      d.id,
      sqlTime(created + i),
      sqlTime(created + i + 3_600_000),
      sqlTime(expires + i),
      used ? sqlTime(created + i + 60_000) : null,
      used ? d.deviceId : null,
      null,
      null,
    ]);
    if (used) {
      load.add('device_grants', GRANT_COLS, [
        randomUUID(),
        d.deviceId,
        d.id,
        d.clientId,
        id,
        sqlTime(created + i + 60_000),
        sqlTime(expires + i),
        null,
      ]);
    }
  }
  await load.flush();
  await db.query('SET SESSION foreign_key_checks = 1, unique_checks = 1');
  await db.query('ANALYZE TABLE links, device_grants');
  return count;
}
