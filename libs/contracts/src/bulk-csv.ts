/**
 * The bulk-dispatch CSV format (`BulkDispatchRequest.csv`), read the same way by the API, which
 * judges each row, and by the portal, which previews the rows before sending: `email[,name]`,
 * comma or semicolon separated, "quoted, fields" with "" for a quote, an optional header line
 * naming the columns (in any order), blank lines ignored, a leading byte-order mark dropped.
 */

/** One data line: its 1-based line number in the text, the e-mail (lower-cased) and the name. */
export interface BulkCsvLine {
  line: number;
  email: string;
  name: string;
}

/** Splits one CSV line into trimmed fields. */
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

const EMAIL_HEADER = /^e-?mail/;
const NAME_HEADERS = ['name', 'client', 'client name'];

/**
 * The data lines of a bulk CSV, unjudged: an empty `email` or `name` is a field that was missing
 * or blank. A first non-blank line with a column named like "email" is the header: it says
 * which columns hold the e-mail and the name (none named: no name). Without one, the e-mail is
 * the first column and the name the second.
 */
export function readBulkCsv(text: string): BulkCsvLine[] {
  const lines: BulkCsvLine[] = [];
  let emailAt = 0;
  let nameAt = 1;
  let headerSeen = false;
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .forEach((raw, index) => {
      if (raw.trim() === '') return;
      const fields = splitCsvLine(raw);
      const lower = fields.map((f) => f.toLowerCase());
      if (!headerSeen && lines.length === 0 && lower.some((f) => EMAIL_HEADER.test(f))) {
        headerSeen = true;
        emailAt = lower.findIndex((f) => EMAIL_HEADER.test(f));
        nameAt = lower.findIndex((f) => NAME_HEADERS.includes(f));
        return;
      }
      lines.push({
        line: index + 1,
        email: (fields[emailAt] ?? '').toLowerCase(),
        name: nameAt >= 0 ? (fields[nameAt] ?? '') : '',
      });
    });
  return lines;
}
