import { isEmailAddress, textProblem } from '../common/text-rules';

/** One data line of a bulk CSV: a client to find by order email, or to create with the name. */
export type CsvRow =
  | { line: number; email: string; name: string | null }
  | { line: number; error: string; message: string; email: string | null };

/** Splits one CSV line into fields: commas, "quoted, fields" with "" for a quote. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        current += c;
      }
    } else if (c === '"' && current.trim() === '') {
      quoted = true;
      current = '';
    } else if (c === ',' || c === ';') {
      fields.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  fields.push(current);
  return fields.map((f) => f.trim());
}

/**
 * The rows of a bulk CSV (`email[,name]`, comma or semicolon separated, optional header line
 * naming the columns, blank lines ignored). Each line is judged on its own: a bad line becomes
 * an error row and the others stand. Line numbers are 1-based lines of the text.
 */
export function parseBulkCsv(text: string): CsvRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const rows: CsvRow[] = [];
  let emailAt = 0;
  let nameAt = 1;
  let headerSeen = false;
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const fields = splitCsvLine(raw);
    const lower = fields.map((f) => f.toLowerCase());
    if (!headerSeen && rows.length === 0 && lower.some((f) => /^e-?mail/.test(f))) {
      headerSeen = true;
      emailAt = lower.findIndex((f) => /^e-?mail/.test(f));
      const named = lower.findIndex((f) => f === 'name' || f === 'client' || f === 'client name');
      nameAt = named >= 0 ? named : -1;
      return;
    }
    const email = (fields[emailAt] ?? '').toLowerCase();
    const name = nameAt >= 0 ? (fields[nameAt] ?? '') : '';
    if (!email) {
      rows.push({
        line,
        error: 'email_missing',
        message: 'This row has no e-mail address.',
        email: null,
      });
      return;
    }
    if (email.length > 320 || !isEmailAddress(email)) {
      rows.push({
        line,
        error: 'email_invalid',
        message: 'This row’s e-mail address is not valid.',
        email: email.slice(0, 320),
      });
      return;
    }
    if (name && (name.length > 200 || textProblem(name, { shownToOthers: true }))) {
      rows.push({
        line,
        error: 'name_invalid',
        message: 'This row’s name is not usable (too long or holding characters we refuse).',
        email,
      });
      return;
    }
    rows.push({ line, email, name: name || null });
  });
  return rows;
}
