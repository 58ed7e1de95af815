/**
 * The bare baseline of `npm run bench`: `node:http` + `mysql2`, no framework, the fewest SQL
 * statements that give the same answers as the product on the same (product-migrated) tables,
 * for the four hot paths: link status, redeem, the client dashboard and task detail. It keeps the
 * product's rules that cost work (token pattern, CSRF header on cookie writes, device lookup with
 * grants, last-seen update, one conditional UPDATE for single use, audit row, sealed outbox mail
 * in the same transaction), so the ratio to it is what the framework and the ORM cost. It also
 * delivers the mail it queues, as the product's outbox worker does during the product's runs
 * (`deliverOwnMail`, bare: its own poll, claim and mark statements, unseal, a template literal,
 * a hand-written MIME message, one `.eml` file each), so both sides do the same work per redeem.
 *
 * Started by bench/bench.ts as its own process: BASELINE_PORT, DATABASE_URL, APP_SECRET,
 * FIRM_NAME, MAIL_DIR. Pool of 10 connections, like the product's (database/bounded-mysql.ts).
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  hkdfSync,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import { mkdirSync, writeFile } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import {
  createPool,
  type Pool,
  type PoolConnection,
  type ResultSetHeader,
  type RowDataPacket,
} from 'mysql2/promise';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LAST_SEEN_RESOLUTION_MS = 60_000;
const COOKIE = 'cp_device';
const COOKIE_MAX_AGE_S = 400 * 24 * 60 * 60;
const MAIL_HOLD_MS = 24 * 60 * 60 * 1000;

const port = Number(process.env.BASELINE_PORT);
const firmName = process.env.FIRM_NAME ?? 'Client Portal';
const firmTimeZone = process.env.FIRM_TIME_ZONE ?? 'UTC';
const sealKey = Buffer.from(
  hkdfSync('sha256', process.env.APP_SECRET ?? '', 'client-portal', 'outbox-seal', 32),
);
const databaseUrl = process.env.DATABASE_URL ?? '';
/**
 * `sqlite:<file>`: the embedded default, through better-sqlite3 (one connection, synchronous,
 * like the product's driver) for link status and the dashboard only; otherwise MariaDB.
 */
const sqliteFile = databaseUrl.startsWith('sqlite:') ? databaseUrl.slice('sqlite:'.length) : null;
const url = new URL(
  sqliteFile ? 'mysql://unused/unused' : databaseUrl.replace(/^mariadb:/, 'mysql:'),
);
const pool: Pool = sqliteFile
  ? (null as unknown as Pool)
  : createPool({
      host: url.hostname,
      port: Number(url.port),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: url.pathname.slice(1),
      connectionLimit: 10,
      timezone: 'Z',
      dateStrings: true,
      charset: 'utf8mb4_unicode_ci',
    });

type Param = string | number | null | string[];

/** The same statements on SQLite: an array parameter becomes one placeholder per element. */
function sqliteQuery(sql: string, params: Param[]): unknown[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as typeof import('better-sqlite3');
  if (!sqlite) {
    sqlite = new Database(sqliteFile!);
    sqlite.pragma('busy_timeout = 10000');
  }
  let i = 0;
  const flat: (string | number | null)[] = [];
  const text = sql.replace(/\?/g, () => {
    const value = params[i++];
    if (Array.isArray(value)) {
      flat.push(...value);
      return value.map(() => '?').join(', ');
    }
    flat.push(value);
    return '?';
  });
  const statement = sqlite.prepare(text);
  return statement.reader ? statement.all(flat) : (statement.run(flat), []);
}
let sqlite: import('better-sqlite3').Database | undefined;

/** pool.query's shape on either database. */
const db = {
  async query<T>(sql: string, params: Param[]): Promise<[T]> {
    if (sqliteFile) return [sqliteQuery(sql, params) as T];
    const [rows] = await pool.query(sql, params);
    return [rows as T];
  },
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.error));
  }
}

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
/** 'YYYY-MM-DD HH:MM:SS.mmm' (UTC, dateStrings) → ISO 8601. */
const iso = (value: string | null): string | null =>
  value === null ? null : `${value.replace(' ', 'T')}Z`;
const sqlNow = (ms: number): string =>
  new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at <= 0 ? '•••' : `${email[0]}•••${email.slice(at)}`;
}

function deviceSecret(request: IncomingMessage): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (part.slice(0, eq).trim() === COOKIE) {
      const value = decodeURIComponent(part.slice(eq + 1).trim());
      return TOKEN.test(value) ? value : null;
    }
  }
  return null;
}

function seal(plain: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v2', ...[iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'))].join('.');
}

function describeUserAgent(ua: string | undefined): string | null {
  if (!ua) return null;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrome\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'Browser';
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : 'unknown system';
  return `${browser} on ${os}`;
}

// ---- SQL: task summaries ---------------------------------------------------------------------

/** Task summaries read the request counters the product keeps on the task row (issue 11). */
const SUMMARY_COLUMNS = `t.id, t.reference, t.title, t.status, t.due_date, t.dispatched_at, t.completed_at,
  t.open_requests, t.total_requests, t.declined_answers AS declined`;

/** The task columns both the lists and the detail read. */
interface TaskRow extends RowDataPacket {
  id: string;
  reference: string;
  title: string;
  status: string;
  due_date: string | null;
  dispatched_at: string | null;
  completed_at: string | null;
}

interface SummaryRow extends TaskRow {
  open_requests: number | string;
  total_requests: number | string;
  declined: number | string;
}

function summary(r: SummaryRow) {
  return {
    id: r.id,
    reference: r.reference,
    title: r.title,
    status: r.status,
    dueDate: r.due_date,
    openRequests: Number(r.open_requests),
    totalRequests: Number(r.total_requests),
    awaitingFirm: r.status === 'open' && Number(r.declined) > 0,
    dispatchedAt: iso(r.dispatched_at),
    completedAt: iso(r.completed_at),
  };
}

async function openTasksOfDispatch(dispatchId: string) {
  const [rows] = await db.query<SummaryRow[]>(
    `SELECT ${SUMMARY_COLUMNS} FROM tasks t
     WHERE t.id IN (SELECT dt.task_id FROM dispatch_tasks dt WHERE dt.dispatch_id = ?) AND t.status = 'open'
     ORDER BY t.due_date ASC, t.created_at DESC, t.id ASC LIMIT 100`,
    [dispatchId],
  );
  return rows.map(summary);
}

// ---- links -----------------------------------------------------------------------------------

interface LinkRow extends RowDataPacket {
  id: string;
  kind: 'dispatch' | 'access';
  client_id: string;
  dispatch_id: string;
  expires_at: string;
  redeem_by: string;
  used_at: string | null;
  revoked_at: string | null;
  revoke_reason: string | null;
  email: string;
  name: string;
  device_id: string | null;
  device_label: string | null;
  trusted: number;
  held: number;
  open_count: number | string;
}

/** One statement: the link, its client, this browser's device and what it holds, open tasks. */
async function findLink(
  token: string,
  secret: string | null,
  now: number,
): Promise<LinkRow | null> {
  const [rows] = await db.query<LinkRow[]>(
    `SELECT l.id, l.kind, l.client_id, l.dispatch_id, l.expires_at, l.redeem_by, l.used_at,
       l.revoked_at, l.revoke_reason, c.email, c.name, d.id AS device_id, d.label AS device_label,
       EXISTS(SELECT 1 FROM device_grants g WHERE g.device_id = d.id AND g.dispatch_id = l.dispatch_id
         AND g.revoked_at IS NULL AND g.expires_at > ?) AS trusted,
       EXISTS(SELECT 1 FROM device_grants g WHERE g.device_id = d.id AND g.client_id = l.client_id) AS held,
       (SELECT COUNT(*) FROM tasks t WHERE t.status = 'open'
         AND t.id IN (SELECT dt.task_id FROM dispatch_tasks dt WHERE dt.dispatch_id = l.dispatch_id)) AS open_count
     FROM links l JOIN clients c ON c.id = l.client_id
     LEFT JOIN devices d ON d.secret_hash = ? AND d.revoked_at IS NULL
     WHERE l.token_hash = ?`,
    [sqlNow(now), secret ? sha256(secret) : null, sha256(token)],
  );
  return rows[0] ?? null;
}

type State = 'ready' | 'trusted' | 'declined' | 'expired' | 'withdrawn';

function stateOf(link: LinkRow, now: number): State {
  if (link.revoke_reason === 'staff') return 'withdrawn';
  if (now >= Date.parse(iso(link.expires_at)!) || link.revoked_at) return 'expired';
  if (link.device_id && Number(link.trusted) === 1) return 'trusted';
  if (link.used_at) return 'declined';
  if (now >= Date.parse(iso(link.redeem_by)!)) return 'expired';
  return 'ready';
}

async function linkStatus(token: string, secret: string | null) {
  const now = Date.now();
  const link = await findLink(token, secret, now);
  if (!link) return { state: 'unknown', firmName };
  const state = stateOf(link, now);
  const base = { state, kind: link.kind, maskedEmail: maskEmail(link.email), firmName };
  if (state !== 'ready' && state !== 'trusted') return base;
  return {
    ...base,
    taskCount: Number(link.open_count),
    expiresAt: iso(link.expires_at),
    timeZone: firmTimeZone,
  };
}

const AUDIT_INSERT = `INSERT INTO audit_events (id, type, actor_type, actor_id, client_id, subject_id, ip, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
// The product records client activity (issue 12: staff notices and webhooks read it) in the same
// transaction as the change; the baseline pays for the same row.
const ACTIVITY_INSERT = `INSERT INTO activity_events (id, type, actor_type, actor_id, client_id, task_id, dispatch_id, subject_id, detail, created_at, notified_at, fanned_out_at) VALUES (?, ?, 'client', ?, ?, NULL, ?, ?, ?, ?, NULL, NULL)`;

async function redeem(
  token: string,
  secret: string | null,
  ip: string | null,
  userAgent: string | undefined,
): Promise<{ body: unknown; newSecret: string | null }> {
  const nowMs = Date.now();
  const now = sqlNow(nowMs);
  const link = await findLink(token, secret, nowMs);
  if (!link) throw new HttpError(404, LINK_UNKNOWN);
  const state = stateOf(link, nowMs);
  const deviceId0 = link.device_id;
  const audit = (type: string, detail: string | null, conn: Pool | PoolConnection = pool) =>
    conn.query(AUDIT_INSERT, [
      randomUUID(),
      type,
      deviceId0 ? 'device' : 'anonymous',
      deviceId0,
      link.client_id,
      link.id,
      ip,
      detail,
      now,
    ]);
  if (state === 'expired') {
    await audit('link.expired', null);
    throw new HttpError(410, LINK_EXPIRED);
  }
  if (state === 'withdrawn' || state === 'declined') {
    await audit('link.declined', state === 'withdrawn' ? '{"reason":"withdrawn"}' : null);
    throw new HttpError(403, state === 'withdrawn' ? linkWithdrawn() : LINK_DECLINED);
  }
  if (state === 'trusted') {
    return {
      body: { state: 'trusted', tasks: await openTasksOfDispatch(link.dispatch_id) },
      newSecret: null,
    };
  }

  const newToClient = !deviceId0 || Number(link.held) !== 1;
  const fresh = deviceId0 ? null : randomBytes(32).toString('base64url');
  const deviceId = deviceId0 ?? randomUUID();
  const label = fresh ? describeUserAgent(userAgent) : link.device_label;
  const conn = await pool.getConnection();
  let won = false;
  try {
    await conn.query('START TRANSACTION');
    if (fresh) {
      await conn.query(
        'INSERT INTO devices (id, secret_hash, label, created_at, last_seen_at, revoked_at) VALUES (?, ?, ?, ?, ?, NULL)',
        [deviceId, sha256(fresh), label, now, now],
      );
    }
    const [used] = await conn.query<ResultSetHeader>(
      'UPDATE links SET used_at = ?, used_by_device_id = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL',
      [now, deviceId, link.id],
    );
    if (used.affectedRows === 1) {
      won = true;
      if (link.kind === 'access') {
        const [moved] = await conn.query<ResultSetHeader>(
          'UPDATE device_grants SET revoked_at = ? WHERE dispatch_id = ? AND revoked_at IS NULL',
          [now, link.dispatch_id],
        );
        await conn.query(AUDIT_INSERT, [
          randomUUID(),
          'device.moved',
          'device',
          deviceId,
          link.client_id,
          link.dispatch_id,
          ip,
          JSON.stringify({ previousGrants: moved.affectedRows }),
          now,
        ]);
        await conn.query(ACTIVITY_INSERT, [
          randomUUID(),
          'device.moved',
          deviceId,
          link.client_id,
          link.dispatch_id,
          deviceId,
          JSON.stringify({ previousGrants: moved.affectedRows }),
          now,
        ]);
      }
      await conn.query(
        'INSERT INTO device_grants (id, device_id, dispatch_id, client_id, link_id, granted_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)',
        [randomUUID(), deviceId, link.dispatch_id, link.client_id, link.id, now, link.expires_at],
      );
      if (newToClient) {
        const mailId = randomUUID();
        const data = {
          clientName: link.name,
          firmName,
          deviceLabel: label ?? 'a browser',
          when: new Date(nowMs).toISOString().slice(0, 16).replace('T', ' '),
        };
        await conn.query(
          `INSERT INTO mail_outbox (id, to_address, template, sealed_payload, status, attempts, next_attempt_at, locked_until, locked_by, last_error, created_at, sent_at)
           VALUES (?, ?, 'device-bound', ?, 'pending', 0, ?, NULL, NULL, NULL, ?, NULL)`,
          [
            mailId,
            link.email,
            seal(JSON.stringify(data), `mail-outbox\u0000${mailId}\u0000${link.email}`),
            // Due a day later: the product's outbox worker shares this database and must not
            // spend the product's CPU delivering the baseline's mail during a run. The
            // baseline's own delivery takes exactly these (deliverOwnMail).
            sqlNow(nowMs + MAIL_HOLD_MS),
            now,
          ],
        );
      }
      await conn.query(AUDIT_INSERT, [
        randomUUID(),
        'link.redeemed',
        'device',
        deviceId,
        link.client_id,
        link.id,
        ip,
        JSON.stringify({ kind: link.kind }),
        now,
      ]);
      await conn.query(ACTIVITY_INSERT, [
        randomUUID(),
        'link.redeemed',
        deviceId,
        link.client_id,
        link.dispatch_id,
        link.id,
        JSON.stringify({ kind: link.kind, via: 'link', newDevice: newToClient }),
        now,
      ]);
      await conn.query('COMMIT');
    } else {
      await conn.query('ROLLBACK');
    }
  } catch (error) {
    await conn.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    conn.release();
  }
  if (!won) {
    await audit('link.declined', null);
    throw new HttpError(403, LINK_DECLINED);
  }
  return {
    body: { state: 'trusted', tasks: await openTasksOfDispatch(link.dispatch_id) },
    newSecret: fresh,
  };
}

const LINK_UNKNOWN = {
  error: 'link_unknown',
  message: "We can't find this link. Check that you opened the whole link from your e-mail.",
};
const LINK_EXPIRED = {
  error: 'link_expired',
  message: 'This link has expired. You can ask for a new link by e-mail, or log in.',
};
const LINK_DECLINED = {
  error: 'link_declined',
  message:
    'This link has already been used on another device. You can ask for a new link by e-mail.',
};
const linkWithdrawn = () => ({
  error: 'link_withdrawn',
  message: `${firmName} has withdrawn this link. Please contact them for access.`,
});

// ---- client area: device authentication, dashboard, task detail -------------------------------

interface DeviceRow extends RowDataPacket {
  id: string;
  last_seen_at: string;
  dispatch_id: string | null;
}

/** One round trip: the device and its live grants. */
async function authenticate(request: IncomingMessage): Promise<string[]> {
  const secret = deviceSecret(request);
  const denied = new HttpError(401, {
    error: 'unauthorized',
    message: 'This browser does not have access. Open the link from your e-mail on this device.',
  });
  if (!secret) throw denied;
  const nowMs = Date.now();
  const now = sqlNow(nowMs);
  const [rows] = await db.query<DeviceRow[]>(
    `SELECT d.id, d.last_seen_at, g.dispatch_id FROM devices d
     LEFT JOIN device_grants g ON g.device_id = d.id AND g.revoked_at IS NULL AND g.expires_at > ?
     WHERE d.secret_hash = ? AND d.revoked_at IS NULL`,
    [now, sha256(secret)],
  );
  if (rows.length === 0) throw denied;
  if (nowMs - Date.parse(iso(rows[0].last_seen_at)!) > LAST_SEEN_RESOLUTION_MS) {
    await db.query('UPDATE devices SET last_seen_at = ? WHERE id = ?', [now, rows[0].id]);
  }
  const dispatchIds = [...new Set(rows.map((r) => r.dispatch_id).filter((d): d is string => !!d))];
  if (dispatchIds.length === 0) throw denied;
  return dispatchIds;
}

interface ListRow extends SummaryRow {
  list: 'o' | 'c';
  total: number | string;
}

/** One statement: up to 100 open and the last 100 completed tasks in scope, with totals. */
async function dashboard(dispatchIds: string[]) {
  const scope = 't.id IN (SELECT dt.task_id FROM dispatch_tasks dt WHERE dt.dispatch_id IN (?))';
  const open = `SELECT 'o' AS list, ${SUMMARY_COLUMNS}, COUNT(*) OVER () AS total FROM tasks t
       WHERE ${scope} AND t.status = 'open'
       ORDER BY t.due_date ASC, t.created_at DESC, t.id ASC LIMIT 100`;
  const completed = `SELECT 'c' AS list, ${SUMMARY_COLUMNS}, COUNT(*) OVER () AS total FROM tasks t
       WHERE ${scope} AND t.status = 'completed'
       ORDER BY t.completed_at DESC, t.id ASC LIMIT 100`;
  // SQLite takes no parenthesised SELECT in a UNION: the same two selects as subqueries.
  const [rows] = await db.query<ListRow[]>(
    sqliteFile
      ? `SELECT * FROM (${open}) UNION ALL SELECT * FROM (${completed})`
      : `(${open})\n     UNION ALL\n     (${completed})`,
    [dispatchIds, dispatchIds],
  );
  const openRows = rows.filter((r) => r.list === 'o');
  const completedRows = rows.filter((r) => r.list === 'c');
  return {
    open: openRows.map(summary),
    openTotal: openRows.length ? Number(openRows[0].total) : 0,
    completed: completedRows.map(summary),
    completedTotal: completedRows.length ? Number(completedRows[0].total) : 0,
  };
}

interface DetailRow extends TaskRow {
  description: string | null;
  created_at: string;
  r_id: string | null;
  r_kind: string;
  r_prompt: string;
  r_status: string;
  r_position: number;
  r_completed_at: string | null;
  r_change_note: string | null;
  a_status: string | null;
  a_text: string | null;
  a_decision: string | null;
  a_author_type: string;
  a_updated_at: string;
  a_submitted_at: string | null;
}

/** Three statements (the last two together): task with requests and answers, documents, messages. */
async function taskDetail(dispatchIds: string[], taskId: string) {
  const [rows] = await pool.query<DetailRow[]>(
    `SELECT t.id, t.reference, t.title, t.status, t.due_date, t.dispatched_at, t.completed_at,
       t.description, t.created_at, r.id AS r_id, r.kind AS r_kind, r.prompt AS r_prompt,
       r.status AS r_status, r.position AS r_position, r.completed_at AS r_completed_at,
       r.change_note AS r_change_note,
       a.status AS a_status, a.text AS a_text, a.decision AS a_decision,
       a.author_type AS a_author_type, a.updated_at AS a_updated_at, a.submitted_at AS a_submitted_at
     FROM tasks t
     LEFT JOIN task_requests r ON r.task_id = t.id
     LEFT JOIN request_answers a ON a.request_id = r.id
     WHERE t.id = ? AND EXISTS (SELECT 1 FROM dispatch_tasks dt WHERE dt.task_id = t.id AND dt.dispatch_id IN (?))`,
    [taskId, dispatchIds],
  );
  // Sorted here: a handful of rows, and an ORDER BY over TEXT columns costs a temporary table.
  rows.sort((x, y) => x.r_position - y.r_position);
  if (rows.length === 0) {
    throw new HttpError(404, { error: 'not_found', message: 'This task is not available here.' });
  }
  const [[documents], [messages]] = await Promise.all([
    pool.query<RowDataPacket[]>(
      `SELECT id, request_id, filename, content_type, size, sha256, uploaded_by_type, created_at
       FROM task_documents WHERE task_id = ? ORDER BY created_at ASC, id ASC`,
      [taskId],
    ),
    pool.query<RowDataPacket[]>(
      `SELECT m.id, m.author_type, m.body, m.created_at, s.display_name AS author_name
       FROM task_messages m LEFT JOIN staff s ON s.id = m.author_staff_id
       WHERE m.task_id = ? ORDER BY m.created_at ASC, m.id ASC`,
      [taskId],
    ),
  ]);
  const t = rows[0];
  const requests = rows.filter((r) => r.r_id !== null);
  return {
    id: t.id,
    reference: t.reference,
    title: t.title,
    status: t.status,
    dueDate: t.due_date,
    openRequests: requests.filter((r) => r.r_status === 'open').length,
    totalRequests: requests.length,
    awaitingFirm:
      t.status === 'open' &&
      requests.some((r) => r.a_status === 'submitted' && r.a_decision === 'declined'),
    dispatchedAt: iso(t.dispatched_at),
    completedAt: iso(t.completed_at),
    description: t.description,
    createdAt: iso(t.created_at),
    requests: requests.map((r) => ({
      id: r.r_id,
      kind: r.r_kind,
      prompt: r.r_prompt,
      status: r.r_status,
      position: r.r_position,
      completedAt: iso(r.r_completed_at),
      answer:
        r.r_kind === 'document' || r.a_status === null
          ? null
          : {
              status: r.a_status,
              text: r.a_text,
              decision: r.a_decision,
              by: r.a_author_type,
              updatedAt: iso(r.a_updated_at),
              submittedAt: iso(r.a_submitted_at),
            },
      changeNote: r.r_status === 'open' ? r.r_change_note : null,
    })),
    documents: documents.map((d) => ({
      id: d.id as string,
      requestId: d.request_id as string | null,
      filename: d.filename as string,
      contentType: d.content_type as string,
      size: Number(d.size),
      sha256: d.sha256 as string,
      uploadedBy: d.uploaded_by_type as string,
      createdAt: iso(d.created_at as string),
    })),
    messages: messages.map((m) => ({
      id: m.id as string,
      author: m.author_type as string,
      authorName: m.author_type === 'staff' ? ((m.author_name as string | null) ?? null) : null,
      body: m.body as string,
      createdAt: iso(m.created_at as string),
    })),
  };
}

// ---- HTTP ------------------------------------------------------------------------------------

function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 100 * 1024)
        reject(new HttpError(413, { error: 'payload_too_large', message: 'Too large.' }));
      else chunks.push(chunk);
    });
    request.on('end', () => {
      try {
        const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (value && typeof value === 'object' && !Array.isArray(value))
          resolve(value as Record<string, unknown>);
        else throw new Error('not an object');
      } catch {
        reject(
          new HttpError(400, { error: 'bad_json', message: 'The request body is not valid JSON.' }),
        );
      }
    });
    request.on('error', reject);
  });
}

async function tokenOf(request: IncomingMessage): Promise<string> {
  const body = await readJson(request);
  if (typeof body.token !== 'string' || !TOKEN.test(body.token)) {
    throw new HttpError(422, {
      error: 'validation_failed',
      message: 'Some fields are not valid.',
      fields: { token: 'must be a link token' },
    });
  }
  return body.token;
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  response.end(text);
}

async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  const method = request.method ?? 'GET';
  if (method === 'POST' && request.headers.cookie?.includes(`${COOKIE}=`)) {
    if (request.headers['x-requested-with'] !== 'XMLHttpRequest') {
      throw new HttpError(403, {
        error: 'csrf_rejected',
        message: 'This request did not come from the Client Portal page, so it was refused.',
      });
    }
  }
  if (method === 'GET' && path === '/api/health') return send(response, 200, { status: 'ok' });
  if (method === 'POST' && path === '/api/links/status') {
    const token = await tokenOf(request);
    return send(response, 200, await linkStatus(token, deviceSecret(request)));
  }
  if (method === 'POST' && path === '/api/links/redeem') {
    const token = await tokenOf(request);
    const ip = request.socket.remoteAddress ?? null;
    const { body, newSecret } = await redeem(
      token,
      deviceSecret(request),
      ip,
      request.headers['user-agent'],
    );
    const headers: Record<string, string> = {};
    if (newSecret) {
      const expires = new Date(Date.now() + COOKIE_MAX_AGE_S * 1000).toUTCString();
      headers['Set-Cookie'] =
        `${COOKIE}=${newSecret}; Max-Age=${COOKIE_MAX_AGE_S}; Path=/; Expires=${expires}; HttpOnly; SameSite=Lax`;
    }
    return send(response, 200, body, headers);
  }
  if (method === 'GET' && path === '/api/me/tasks') {
    return send(response, 200, await dashboard(await authenticate(request)));
  }
  const detail = /^\/api\/me\/tasks\/([^/]+)$/.exec(path);
  if (method === 'GET' && detail) {
    const dispatchIds = await authenticate(request);
    if (!UUID.test(detail[1])) {
      throw new HttpError(400, {
        error: 'bad_request',
        message: 'Validation failed (uuid is expected).',
      });
    }
    return send(response, 200, await taskDetail(dispatchIds, detail[1]));
  }
  throw new HttpError(404, { error: 'not_found', message: 'No such route.' });
}

// ---- mail delivery: the baseline's own outbox rows ---------------------------------------------

/** As the product's outbox worker: a pass every second, up to 50 rows a claim, marked at once. */
const MAIL_POLL_MS = 1000;
const MAIL_BATCH = 50;
const MAIL_CLAIM_MS = 60_000;
const mailDir = process.env.MAIL_DIR ?? '';
let mailSeq = 0;

function unseal(sealed: string, context: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v2') throw new Error(`unknown seal ${version}`);
  const decipher = createDecipheriv('aes-256-gcm', sealKey, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(body, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}

const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

interface DeviceBoundData {
  clientName: string;
  firmName: string;
  deviceLabel: string;
  when: string;
}

/** The new-device notice (SPEC rule 8), text and HTML, the product's words in a plain layout. */
function renderDeviceBound(d: DeviceBoundData): { subject: string; text: string; html: string } {
  const subject = `${d.firmName}: your tasks were opened on a new device`;
  const lines = [
    `Hello ${d.clientName},`,
    `Your tasks from ${d.firmName} were just opened on a new device:`,
    `  Device: ${d.deviceLabel}\n  When: ${d.when} (${firmTimeZone})`,
    'That device is now the one your tasks are associated with.',
    "If this was you, there is nothing to do. If it was not, please tell us straight away so that we can withdraw the device's access.",
  ];
  const text = `${d.firmName}\n\n${lines.join('\n\n')}\n\n--\n${d.firmName}\n`;
  const e = escapeHtml;
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${e(subject)}</title></head>` +
    `<body style="margin:0;padding:0;background:#f3f4f6;"><div style="max-width:600px;margin:0 auto;padding:12px;font-family:Arial, Helvetica, sans-serif;">` +
    `<p style="font-size:20px;font-weight:bold;">${e(d.firmName)}</p>` +
    `<p>Hello ${e(d.clientName)},</p><p>Your tasks from ${e(d.firmName)} were just opened on a new device:</p>` +
    `<ul><li>Device: <strong>${e(d.deviceLabel)}</strong></li><li>When: ${e(d.when)} (${e(firmTimeZone)})</li></ul>` +
    `<p>${e(lines[3])}</p><p>${e(lines[4])}</p>` +
    `<p><strong>${e(d.firmName)}</strong></p></div></body></html>`;
  return { subject, text, html };
}

/** Base64 in lines of 76, as MIME wants. */
const base64Lines = (value: string): string =>
  Buffer.from(value, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');

/** One multipart/alternative message, written by hand. */
function mimeMessage(to: string, mail: { subject: string; text: string; html: string }): string {
  const boundary = `--_bare_${randomBytes(12).toString('hex')}`;
  const word = (value: string): string =>
    `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
  const part = (type: string, body: string): string =>
    `--${boundary}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(body)}\r\n`;
  return (
    `From: ${word(firmName)} <portal@example.com>\r\nTo: ${to}\r\nSubject: ${word(mail.subject)}\r\n` +
    `Date: ${new Date().toUTCString()}\r\nMessage-ID: <${randomUUID()}@baseline>\r\nMIME-Version: 1.0\r\n` +
    `Content-Type: multipart/alternative; boundary="${boundary}"\r\n\r\n` +
    part('text/plain', mail.text) +
    part('text/html', mail.html) +
    `--${boundary}--\r\n`
  );
}

function writeMail(message: string): Promise<void> {
  const file = join(mailDir, `${Date.now()}-${process.pid}-${++mailSeq}.eml`);
  return new Promise((done, fail) =>
    writeFile(file, message, { flag: 'wx' }, (error) => (error ? fail(error) : done())),
  );
}

interface OwnMailRow extends RowDataPacket {
  id: string;
  to_address: string;
  sealed_payload: string;
}

/**
 * Delivers the mail this baseline queued (held a day, so the product's worker never takes it):
 * the product's poll, claim and mark statements, restricted to rows due more than 12 hours on.
 */
async function deliverOwnMail(): Promise<void> {
  for (;;) {
    const nowMs = Date.now();
    const now = sqlNow(nowMs);
    const held = sqlNow(nowMs + MAIL_HOLD_MS / 2);
    const [rows] = await pool.query<OwnMailRow[]>(
      `SELECT id, to_address, template, sealed_payload, attempts FROM mail_outbox
        WHERE status = 'pending' AND next_attempt_at > ? AND (locked_until IS NULL OR locked_until < ?)
        ORDER BY created_at ASC, id ASC LIMIT ${MAIL_BATCH}`,
      [held, now],
    );
    if (rows.length === 0) return;
    const polled = rows.map((r) => r.id).sort();
    const token = randomUUID();
    const [claimed] = await pool.query<ResultSetHeader>(
      `UPDATE mail_outbox FORCE INDEX (PRIMARY) SET locked_by = ?, locked_until = ?
        WHERE status = 'pending' AND next_attempt_at > ? AND (locked_until IS NULL OR locked_until < ?)
          AND id IN (?)`,
      [token, sqlNow(nowMs + MAIL_CLAIM_MS), held, now, polled],
    );
    // As the product: only what the claim holds is sent (fewer taken: read which).
    let mine = rows;
    if (claimed.affectedRows < rows.length) {
      const [heldRows] = await pool.query<RowDataPacket[]>(
        `SELECT id FROM mail_outbox FORCE INDEX (PRIMARY) WHERE locked_by = ? AND status = 'pending' AND id IN (?)`,
        [token, polled],
      );
      const heldIds = new Set(heldRows.map((r) => String(r.id)));
      mine = rows.filter((r) => heldIds.has(r.id));
    }
    if (mine.length === 0) return;
    const ids = mine.map((r) => r.id);
    await Promise.all(
      mine.map((row) => {
        const data = JSON.parse(
          unseal(row.sealed_payload, `mail-outbox\u0000${row.id}\u0000${row.to_address}`),
        ) as DeviceBoundData;
        return writeMail(mimeMessage(row.to_address, renderDeviceBound(data)));
      }),
    );
    await pool.query(
      `UPDATE mail_outbox FORCE INDEX (PRIMARY) SET status = 'sent', sent_at = ?,
          sealed_payload = NULL, locked_by = NULL, locked_until = NULL, attempts = attempts + 1,
          last_error = NULL
        WHERE locked_by = ? AND status = 'pending' AND id IN (?)`,
      [sqlNow(Date.now()), token, ids],
    );
    if (rows.length < MAIL_BATCH) return;
  }
}

if (!sqliteFile && mailDir) {
  mkdirSync(mailDir, { recursive: true });
  let delivering: Promise<void> | null = null;
  setInterval(() => {
    delivering ??= deliverOwnMail()
      .catch((error: unknown) => {
        process.stderr.write(
          `baseline mail: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      })
      .finally(() => (delivering = null));
  }, MAIL_POLL_MS).unref();
}

const server = createServer((request, response) => {
  route(request, response).catch((error: unknown) => {
    if (error instanceof HttpError) {
      const body = { statusCode: error.status, ...error.body, correlationId: randomUUID() };
      return send(response, error.status, body);
    }
    process.stderr.write(
      `baseline: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    send(response, 500, { error: 'internal', message: 'Something went wrong.' });
  });
});
server.keepAliveTimeout = 5_000;
server.listen(port, '127.0.0.1', () => process.stdout.write(`baseline listening on ${port}\n`));
process.on('SIGTERM', () => {
  server.close();
  if (sqliteFile) {
    sqlite?.close();
    process.exit(0);
  }
  void pool.end().finally(() => process.exit(0));
});
