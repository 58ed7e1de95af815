/**
 * Counts the SQL statements a server sends per request, from MariaDB's general log (written to
 * the mysql.general_log table only while counting): every Query/Execute line of the server's
 * own MariaDB user, over a known number of requests sent one after another.
 * The product's background jobs (outbox poll and delivery, job leases) share its pool, so their
 * statements are recognised by table and left out (counted separately as `background`); the
 * outbox INSERT a redeem makes is the request's own and counts.
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
  /\bjob_leases\b/i.test(sql) || (/\bmail_outbox\b/i.test(sql) && !/^\s*INSERT\b/i.test(sql));

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
    `SELECT command_type, CONVERT(argument USING utf8mb4) AS sql_text FROM mysql.general_log
     WHERE user_host LIKE ? AND command_type IN ('Query', 'Execute')`,
    [`${user}[%`],
  );
  let counted = 0;
  let background = 0;
  const distinct = new Map<string, number>();
  for (const row of rows) {
    const sql = String(row.sql_text);
    if (BACKGROUND(sql)) {
      background++;
      continue;
    }
    counted++;
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
