import type { CreateRequestItem, RequestKind } from '@app/contracts';
import { BULK_MAX_ROWS, readBulkCsv } from '@app/contracts';

export const REQUEST_KIND_TEXT: Record<RequestKind, string> = {
  question: 'Question',
  document: 'Document',
  confirmation: 'Confirmation',
};

/** A fresh key for one compose or bulk form: a retry of the same form sends nothing twice. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Today's date (YYYY-MM-DD) in the firm's time zone. */
export function firmToday(timeZone: string, now: Date = new Date()): string {
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  };
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-CA', { ...options, timeZone }).formatToParts(now);
  } catch {
    parts = new Intl.DateTimeFormat('en-CA', options).formatToParts(now);
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** A calendar date plus whole days (YYYY-MM-DD in, YYYY-MM-DD out). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The due date a template suggests when sent today, or '' for none. */
export function templateDueDate(dueInDays: number | null, today: string): string {
  return dueInDays ? addDays(today, dueInDays) : '';
}

/** The requests as the API wants them: prompts trimmed, empty rows left out. */
export function cleanRequests(requests: CreateRequestItem[]): CreateRequestItem[] {
  return requests
    .map((r) => ({ kind: r.kind, prompt: r.prompt.trim() }))
    .filter((r) => r.prompt !== '');
}

/** Moves one item of a list up (-1) or down (+1); out of range leaves it as it is. */
export function moveItem<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const copy = [...list];
  [copy[index], copy[to]] = [copy[to], copy[index]];
  return copy;
}

/** One CSV row as the preview shows it before sending (the API judges it again). */
export interface CsvPreviewRow {
  line: number;
  email: string;
  name: string;
  problem: string | null;
}

export interface CsvPreview {
  rows: CsvPreviewRow[];
  /** Too many rows for one request: say so, send nothing. */
  tooMany: boolean;
}

const EMAIL = /^[^\s@,;"]+@[^\s@,;"]+\.[^\s@,;"]+$/;

/**
 * The rows of a bulk CSV as the API reads them (`readBulkCsv`, libs/contracts), for a preview
 * before sending, with a lighter check of each address (the API judges every row again).
 */
export function previewCsv(text: string): CsvPreview {
  const rows = readBulkCsv(text).map(({ line, email, name }): CsvPreviewRow => ({
    line,
    email,
    name,
    problem: !email
      ? 'No e-mail address.'
      : EMAIL.test(email)
        ? null
        : 'Not a valid e-mail address.',
  }));
  return { rows, tooMany: rows.length > BULK_MAX_ROWS };
}

/** "3 sent, 1 skipped, 0 failed of 4". */
export function bulkSummary(r: {
  total: number;
  sent: number;
  skipped: number;
  failed: number;
}): string {
  return `${r.sent} sent, ${r.skipped} skipped, ${r.failed} failed of ${r.total}`;
}
