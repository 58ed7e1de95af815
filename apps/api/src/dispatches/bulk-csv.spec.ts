import { splitCsvLine } from '@app/contracts';
import { parseBulkCsv } from './bulk-csv';

describe('bulk CSV', () => {
  it('splits commas and semicolons, with quoted fields and doubled quotes', () => {
    expect(splitCsvLine('a@b.co, Jane Doe')).toEqual(['a@b.co', 'Jane Doe']);
    expect(splitCsvLine('a@b.co;"Doe, Jane ""JD"""')).toEqual(['a@b.co', 'Doe, Jane "JD"']);
    expect(splitCsvLine('a@b.co')).toEqual(['a@b.co']);
  });

  it('reads a header in any column order, skips blank lines and numbers rows by line', () => {
    const rows = parseBulkCsv(
      '\uFEFFName,E-mail\r\nJane,JANE@EXAMPLE.COM\r\n\r\n,bob@example.com\n',
    );
    expect(rows).toEqual([
      { line: 2, email: 'jane@example.com', name: 'Jane' },
      { line: 4, email: 'bob@example.com', name: null },
    ]);
  });

  it('reads email[,name] without a header', () => {
    expect(parseBulkCsv('a@example.com,A\nb@example.com')).toEqual([
      { line: 1, email: 'a@example.com', name: 'A' },
      { line: 2, email: 'b@example.com', name: null },
    ]);
  });

  it('turns each bad line into an error row and keeps the others', () => {
    const rows = parseBulkCsv('a@example.com,A\nnot-an-email,B\n,C\nc@example.com,\u202eevil');
    expect(rows).toEqual([
      { line: 1, email: 'a@example.com', name: 'A' },
      expect.objectContaining({ line: 2, error: 'email_invalid' }),
      expect.objectContaining({ line: 3, error: 'email_missing' }),
      expect.objectContaining({ line: 4, error: 'name_invalid', email: 'c@example.com' }),
    ]);
  });
});
