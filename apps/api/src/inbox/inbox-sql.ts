/**
 * The inbox's SQL (issue 12), one text for SQLite and MySQL/MariaDB (`?` placeholders on both).
 * A task's state in the inbox comes from its own rows, each read on the table's task index:
 * when a dispatch link of it was first used, the client's latest answer, document and message,
 * a declined confirmation still standing, the firm's latest message, and when staff last
 * opened it (staff_task_reads). Nothing is stored twice, so nothing can drift.
 */

/** The time before every other: stands for "never" inside comparisons. */
export const NEVER = '1970-01-01 00:00:00.000';

/** The latest of some time expressions, NULL counted as NEVER (no GREATEST on SQLite). */
export function latest(...exprs: string[]): string {
  const safe = exprs.map((e) => `COALESCE(${e}, '${NEVER}')`);
  return safe.reduce((acc, e) => `(CASE WHEN ${acc} > ${e} THEN ${acc} ELSE ${e} END)`);
}

/**
 * Per task: its facts (derived table `f`), with `?` for the staff member (my_seen_at). `where`
 * narrows the tasks read (dispatched tasks only; owner, client ids).
 */
export function taskFacts(where: string): string {
  return `
    SELECT t.id AS task_id, t.client_id, t.reference, t.title, t.status, t.due_date,
      t.created_at, t.dispatched_at, t.owner_staff_id,
      (SELECT MIN(l.used_at) FROM dispatch_tasks dt
         JOIN links l ON l.dispatch_id = dt.dispatch_id AND l.kind = 'dispatch'
        WHERE dt.task_id = t.id) AS link_used_at,
      (SELECT MIN(a.created_at) FROM request_answers a
        WHERE a.task_id = t.id AND a.author_type = 'client') AS first_answer_at,
      (SELECT MAX(a.submitted_at) FROM request_answers a
        WHERE a.task_id = t.id AND a.author_type = 'client' AND a.status = 'submitted')
        AS last_answer_at,
      (SELECT MAX(a.submitted_at) FROM request_answers a
         JOIN task_requests q ON q.id = a.request_id AND q.status = 'done'
        WHERE a.task_id = t.id AND a.status = 'submitted' AND a.decision = 'declined')
        AS declined_at,
      (SELECT MIN(d.created_at) FROM task_documents d
        WHERE d.task_id = t.id AND d.uploaded_by_type = 'client') AS first_document_at,
      (SELECT MAX(d.created_at) FROM task_documents d
        WHERE d.task_id = t.id AND d.uploaded_by_type = 'client') AS last_document_at,
      (SELECT MIN(m.created_at) FROM task_messages m
        WHERE m.task_id = t.id AND m.author_type = 'client') AS first_message_at,
      (SELECT MAX(m.created_at) FROM task_messages m
        WHERE m.task_id = t.id AND m.author_type = 'client') AS last_message_at,
      (SELECT MAX(m.created_at) FROM task_messages m
        WHERE m.task_id = t.id AND m.author_type = 'staff') AS firm_message_at,
      (SELECT MAX(r.seen_at) FROM staff_task_reads r WHERE r.task_id = t.id) AS firm_seen_at,
      (SELECT r.seen_at FROM staff_task_reads r WHERE r.task_id = t.id AND r.staff_id = ?)
        AS my_seen_at
    FROM tasks t
    WHERE t.dispatched_at IS NOT NULL ${where}`;
}

/**
 * The facts with the inbox's flags (derived table `x`), 1 or 0 each. "Handled" is the firm's
 * latest look or reply: client activity after it is news for the firm; a declined confirmation
 * stands until the firm replies in the thread or asks for changes (which reopens the request).
 */
export function taskFlags(facts: string): string {
  const handled = latest('f.firm_seen_at', 'f.firm_message_at');
  const lastClient = latest('f.last_answer_at', 'f.last_document_at', 'f.last_message_at');
  const newAnswers = `COALESCE(f.last_answer_at, '${NEVER}') > ${handled}`;
  const newDocuments = `COALESCE(f.last_document_at, '${NEVER}') > ${handled}`;
  const newMessages = `COALESCE(f.last_message_at, '${NEVER}') > ${handled}`;
  const declined = `COALESCE(f.declined_at, '${NEVER}') > COALESCE(f.firm_message_at, '${NEVER}')`;
  const needsFirm = `(f.status <> 'cancelled' AND (${newAnswers} OR ${newDocuments} OR ${newMessages} OR ${declined}))`;
  const opened = `(f.link_used_at IS NOT NULL OR f.first_answer_at IS NOT NULL OR f.first_document_at IS NOT NULL OR f.first_message_at IS NOT NULL)`;
  const flag = (condition: string) => `(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
  return `
    SELECT f.*,
      ${lastClient} AS last_client_at,
      ${flag(`f.status <> 'cancelled' AND ${newAnswers}`)} AS new_answers,
      ${flag(`f.status <> 'cancelled' AND ${newDocuments}`)} AS new_documents,
      ${flag(`f.status <> 'cancelled' AND ${newMessages}`)} AS new_messages,
      ${flag(`f.status <> 'cancelled' AND ${declined}`)} AS declined,
      ${flag(needsFirm)} AS needs_firm,
      ${flag(`f.status = 'open' AND NOT ${needsFirm}`)} AS waiting,
      ${flag(`f.status = 'open' AND NOT ${needsFirm} AND NOT ${opened}`)} AS not_opened,
      ${flag(`f.status = 'open' AND NOT ${needsFirm} AND ${opened}`)} AS in_progress,
      ${flag(`f.status = 'open' AND f.due_date IS NOT NULL AND f.due_date < ?`)} AS overdue,
      ${flag(`${lastClient} > COALESCE(f.my_seen_at, '${NEVER}')`)} AS unread
    FROM (${facts}) f`;
}
