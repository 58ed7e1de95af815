import { contentMatches, contentMismatchMessage, resolveDeclaredType } from './file-types';
import { contentDisposition, safeFilename } from './filenames';
import { UploadInspector } from './upload-inspector';
import { boundaryOf } from './upload-receiver';
import { DEFAULT_UPLOAD_TYPES } from '../config/storage-config';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';

describe('resolveDeclaredType', () => {
  it('takes an allowed declared type, dropping parameters and case', () => {
    expect(resolveDeclaredType('Application/PDF; charset=x', 'a.pdf', DEFAULT_UPLOAD_TYPES)).toBe(
      'application/pdf',
    );
  });
  it('falls back to the extension only when the browser declared nothing useful', () => {
    expect(resolveDeclaredType('application/octet-stream', 'IMG.HEIC', DEFAULT_UPLOAD_TYPES)).toBe(
      'image/heic',
    );
    expect(resolveDeclaredType('', 'a.docx', DEFAULT_UPLOAD_TYPES)).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(resolveDeclaredType('text/html', 'a.pdf', DEFAULT_UPLOAD_TYPES)).toBeNull();
    expect(
      resolveDeclaredType('application/octet-stream', 'a.exe', DEFAULT_UPLOAD_TYPES),
    ).toBeNull();
  });
  it('honours a configured list', () => {
    expect(resolveDeclaredType('image/png', 'a.png', ['application/pdf'])).toBeNull();
  });
});

describe('contentMatches', () => {
  const b = (s: string) => Buffer.from(s, 'latin1');
  it.each([
    ['application/pdf', b('%PDF-1.4\n'), true],
    ['application/pdf', b('<html>'), false],
    ['image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]), true],
    ['image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), true],
    ['image/heic', Buffer.concat([Buffer.from([0, 0, 0, 24]), b('ftypheic')]), true],
    ['image/heic', Buffer.concat([Buffer.from([0, 0, 0, 24]), b('ftypisom')]), false],
    [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      b('PK\x03\x04'),
      true,
    ],
    ['application/msword', b('\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1'), true],
    ['text/plain', b('hello'), true],
    ['text/plain', b('he\x00llo'), false],
  ])('%s with %j → %s', (type, head, ok) => expect(contentMatches(type, head)).toBe(ok));
});

describe('safeFilename', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\x\\doc.pdf', 'doc.pdf'],
    ['a\u0000b\u001f\u007fc.pdf', 'abc.pdf'],
    ['inv\u202eoice.pdf', 'invoice.pdf'],
    ['   ...', 'file'],
    [undefined, 'file'],
    ['Cafe\u0301.pdf', 'Café.pdf'],
  ])('%j → %j', (raw, safe) => expect(safeFilename(raw)).toBe(safe));
  it('cuts long names to 200 characters and keeps the extension', () => {
    const name = safeFilename(`${'x'.repeat(300)}.docx`);
    expect(name).toHaveLength(200);
    expect(name.endsWith('.docx')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 name, with nothing that breaks the header', () => {
    expect(contentDisposition('Müller "final"; v2.pdf')).toBe(
      `attachment; filename="M_ller _final__ v2.pdf"; filename*=UTF-8''M%C3%BCller%20%22final%22%3B%20v2.pdf`,
    );
    expect(contentDisposition("it's (1).pdf")).toContain("filename*=UTF-8''it%27s%20%281%29.pdf");
  });
});

describe('UploadInspector', () => {
  const run = async (type: string, chunks: Buffer[], max = 1000) => {
    const inspector = new UploadInspector(type, max);
    const out: Buffer[] = [];
    inspector.on('data', (c: Buffer) => out.push(c));
    await new Promise<void>((resolve, reject) => {
      inspector.on('end', resolve);
      inspector.on('error', reject);
      Readable.from(chunks).pipe(inspector);
    });
    return { inspector, out: Buffer.concat(out) };
  };

  it('passes bytes through unchanged, counting and hashing them, even in tiny chunks', async () => {
    const data = Buffer.from('%PDF-1.7 and the rest of a small document');
    const chunks = [...data].map((x) => Buffer.from([x]));
    const { inspector, out } = await run('application/pdf', chunks);
    expect(out.equals(data)).toBe(true);
    expect(inspector.bytes).toBe(data.length);
    expect(inspector.sha256).toBe(createHash('sha256').update(data).digest('hex'));
  });
  it('fails with 413 past the limit and 415 when the content is not the type', async () => {
    await expect(
      run('application/pdf', [Buffer.from('%PDF-'), Buffer.alloc(2000)]),
    ).rejects.toMatchObject({ status: 413 });
    await expect(
      run('application/pdf', [Buffer.from('<html><body>hello there</body></html>')]),
    ).rejects.toMatchObject({ status: 415 });
    await expect(run('application/pdf', [Buffer.from('<x>')])).rejects.toMatchObject({
      status: 415,
    });
    await expect(run('application/pdf', [])).rejects.toMatchObject({ status: 422 });
  });
});

describe('contentMismatchMessage (issue 13: plain words)', () => {
  it('names the type as a client would', () => {
    expect(contentMismatchMessage('application/pdf')).toBe(
      "This file isn't a real PDF. Please choose the PDF again or export it anew.",
    );
    expect(contentMismatchMessage('image/jpeg')).toContain("isn't a real JPEG image.");
    expect(contentMismatchMessage('application/x-unknown')).not.toContain('application/');
  });
});

describe('boundaryOf', () => {
  it.each([
    ['multipart/form-data; boundary=XyZ', 'XyZ'],
    ['multipart/form-data; charset=utf-8; BOUNDARY="a b;c"', 'a b;c'],
    [
      'multipart/form-data;boundary=----WebKitFormBoundary7MA4YWxk',
      '----WebKitFormBoundary7MA4YWxk',
    ],
    ['multipart/form-data', null],
    ['multipart/form-data; boundary=', null],
    ['multipart/form-data; boundary=""', null],
    [`multipart/form-data; boundary=${'x'.repeat(71)}`, null],
  ])('%s → %s', (header, expected) => {
    expect(boundaryOf(header)).toBe(expected);
  });
});
