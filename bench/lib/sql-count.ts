/**
 * Counts the SQL statements a server sends per request, from MariaDB's general log (written to
 * the mysql.general_log table only while counting): every Query/Execute line of the server's
 * own MariaDB user, over a known number of requests sent one after another.
 * The product's background jobs (job leases, outbox poll and delivery, the activity fan-out to
 * staff notices and webhooks) share its pool, so their statements are recognised by table and left
 * out (counted separately as `background`), and so is a transaction (per connection, from START
 * TRANSACTION to COMMIT or ROLLBACK) made only of such statements; the outbox and activity
 * INSERTs a redeem makes are the request's own and count.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';

export interface StatementCount {
  requests: number;
  /** Statements per request (counted / requests). */
  perRequest: number;
  counted: number;
  background: number;
  /** On-disk / in-memory temporary tables per request (global status deltas). */
  tmpDiskTablesPerRequest: number;
  tmpTablesPerRequest: number;
  /** Each distinct statement (literals masked) and how many times per request it ran. */
  statements: { sql: string; perRequest: number }[];
}

const BACKGROUND = (sql: string): boolean =>
  /\b(job_leases|webhook_endpoints|webhook_deliveries|staff_notices)\b/i.test(sql) ||
  (/\b(mail_outbox|activity_events)\b/i.test(sql) && !/^\s*INSERT\b/i.test(sql));
const BEGIN = /^\s*(START TRANSACTION|BEGIN)\b/i;
const END = /^\s*(COMMIT|ROLLBACK)\b/i;

/**
 * Splits a connection's statements into the requests' and the jobs': single statements by
 * table, transactions as a whole (a job's START TRANSACTION and COMMIT are its own too).
 */
function classify(rows: { thread: number; sql: string }[]): { own: string[]; background: number } {
  const own: string[] = [];
  let background = 0;
  const open = new Map<number, string[]>();
  const settle = (block: string[]): void => {
    const inner = block.filter((sql) => !BEGIN.test(sql) && !END.test(sql));
    if (inner.length > 0 && inner.every(BACKGROUND)) background += block.length;
    else own.push(...block);
  };
  for (const { thread, sql } of rows) {
    const block = open.get(thread);
    if (BEGIN.test(sql)) {
      if (block) settle(block);
      open.set(thread, [sql]);
    } else if (block) {
      block.push(sql);
      if (END.test(sql)) {
        settle(block);
        open.delete(thread);
      }
    } else if (BACKGROUND(sql)) background++;
    else own.push(sql);
  }
  for (const block of open.values()) settle(block);
  return { own, background };
}

async function status(db: Connection, name: string): Promise<number> {
  const [rows] = await db.query<RowDataPacket[]>('SHOW GLOBAL STATUS LIKE ?', [name]);
  return Number(rows[0]?.Value ?? NaN);
}

export async function countStatements(
  db: Connection,
  user: string,
  requests: number,
  sendOne: (i: number) => Promise<void>,
): Promise<StatementCount> {
  await db.query("SET GLOBAL log_output = 'TABLE'");
  await db.query('TRUNCATE TABLE mysql.general_log');
  const temporaries = async (): Promise<[number, number]> => [
    await status(db, 'Created_tmp_disk_tables'),
    await status(db, 'Created_tmp_tables'),
  ];
  // SHOW STATUS makes temporary tables of its own: what two reads in a row add is left out.
  const idle0 = await temporaries();
  const idle1 = await temporaries();
  await db.query('SET GLOBAL general_log = ON');
  try {
    for (let i = 0; i < requests; i++) await sendOne(i);
  } finally {
    await db.query('SET GLOBAL general_log = OFF');
  }
  const after = await temporaries();
  const disk = after[0] - idle1[0] - (idle1[0] - idle0[0]);
  const tmp = after[1] - idle1[1] - (idle1[1] - idle0[1]);
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT thread_id, CONVERT(argument USING utf8mb4) AS sql_text FROM mysql.general_log
     WHERE user_host LIKE ? AND command_type IN ('Query', 'Execute')
     ORDER BY event_time, thread_id`,
    [`${user}[%`],
  );
  const { own, background } = classify(
    rows.map((row) => ({ thread: Number(row.thread_id), sql: String(row.sql_text) })),
  );
  const counted = own.length;
  const distinct = new Map<string, number>();
  for (const sql of own) {
    const key = mask(sql);
    distinct.set(key, (distinct.get(key) ?? 0) + 1);
  }
  if (counted === 0) {
    throw new Error('No SQL statement was counted: the general log could not be read.');
  }
  return {
    requests,
    perRequest: counted / requests,
    counted,
    background,
    tmpDiskTablesPerRequest: Math.max(0, disk) / requests,
    tmpTablesPerRequest: Math.max(0, tmp) / requests,
    statements: [...distinct].map(([sql, n]) => ({ sql, perRequest: n / requests })),
  };
}

/** Literals out, whitespace collapsed, long statements cut: a readable statement shape. */
function mask(sql: string): string {
  const text = sql
    .replace(/'(?:[^'\\]|\\.)*'/g, '?')
    .replace(/\b\d+(\.\d+)?\b/g, '?')
    .replace(/\s+/g, ' ')
    .replace(/\(\?(, \?)+\)/g, '(…)')
    .replace(/(\(…\), )+\(…\)/g, '(…), …')
    .trim();
  return text.length > 220 ? `${text.slice(0, 217)}…` : text;
}
