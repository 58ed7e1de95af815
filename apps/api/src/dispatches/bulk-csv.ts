import { readBulkCsv } from '@app/contracts';
import { isEmailAddress, textProblem } from '../common/text-rules';

/** One data line of a bulk CSV: a client to find by order email, or to create with the name. */
export type CsvRow =
  | { line: number; email: string; name: string | null }
  | { line: number; error: string; message: string; email: string | null };

/**
 * The rows of a bulk CSV, read by `readBulkCsv` (libs/contracts: the one reader of the format,
 * which the portal's preview uses too). Each line is judged on its own: a bad line becomes
 * an error row and the others stand. Line numbers are 1-based lines of the text.
 */
export function parseBulkCsv(text: string): CsvRow[] {
  return readBulkCsv(text).map(({ line, email, name }): CsvRow => {
    if (!email) {
      return {
        line,
        error: 'email_missing',
        message: 'This row has no e-mail address.',
        email: null,
      };
    }
    if (email.length > 320 || !isEmailAddress(email)) {
      return {
        line,
        error: 'email_invalid',
        message: 'This row’s e-mail address is not valid.',
        email: email.slice(0, 320),
      };
    }
    if (name && (name.length > 200 || textProblem(name, { shownToOthers: true }))) {
      return {
        line,
        error: 'name_invalid',
        message: 'This row’s name is not usable (too long or holding characters we refuse).',
        email,
      };
    }
    return { line, email, name: name || null };
  });
}
