/**
 * What an uploaded file is: its declared type (or, when the browser says nothing useful, the one
 * its extension implies) must be allowed, and for the common formats its first bytes must agree.
 */
export const EXTENSION_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  heic: 'image/heic',
  heif: 'image/heif',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  txt: 'text/plain',
  csv: 'text/csv',
};

/** How many leading bytes sniffing needs. */
export const SNIFF_BYTES = 16;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const HEIF_BRANDS = ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif'];

const startsWith = (head: Buffer, bytes: number[], offset = 0): boolean =>
  head.length >= offset + bytes.length && bytes.every((b, i) => head[offset + i] === b);
const ascii = (head: Buffer, start: number, end: number): string =>
  head.subarray(start, end).toString('latin1');

/** Signature checks per type; a type without one (plain text, CSV) is taken as declared. */
const SIGNATURES: Record<string, (head: Buffer) => boolean> = {
  'application/pdf': (h) => ascii(h, 0, 5) === '%PDF-',
  'image/jpeg': (h) => startsWith(h, [0xff, 0xd8, 0xff]),
  'image/png': (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/gif': (h) => ['GIF87a', 'GIF89a'].includes(ascii(h, 0, 6)),
  'image/webp': (h) => ascii(h, 0, 4) === 'RIFF' && ascii(h, 8, 12) === 'WEBP',
  'image/tiff': (h) =>
    startsWith(h, [0x49, 0x49, 0x2a, 0x00]) || startsWith(h, [0x4d, 0x4d, 0x00, 0x2a]),
  'image/heic': (h) => ascii(h, 4, 8) === 'ftyp' && HEIF_BRANDS.includes(ascii(h, 8, 12)),
  'image/heif': (h) => ascii(h, 4, 8) === 'ftyp' && HEIF_BRANDS.includes(ascii(h, 8, 12)),
  'application/msword': (h) => startsWith(h, OLE),
  'application/vnd.ms-excel': (h) => startsWith(h, OLE),
  'application/vnd.ms-powerpoint': (h) => startsWith(h, OLE),
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': (h) =>
    startsWith(h, ZIP),
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': (h) => startsWith(h, ZIP),
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': (h) =>
    startsWith(h, ZIP),
  'application/vnd.oasis.opendocument.text': (h) => startsWith(h, ZIP),
  'application/vnd.oasis.opendocument.spreadsheet': (h) => startsWith(h, ZIP),
  'application/vnd.oasis.opendocument.presentation': (h) => startsWith(h, ZIP),
  // Text must not be binary: no NUL byte in what we saw.
  'text/plain': (h) => !h.includes(0),
  'text/csv': (h) => !h.includes(0),
};

const GENERIC = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot > 0 ? filename.slice(dot + 1).toLowerCase() : '';
}

/**
 * The type to store: the declared MIME type (parameters dropped, lower-cased), or the one the
 * extension implies when the browser declared nothing useful. Null when neither is allowed.
 */
export function resolveDeclaredType(
  declared: string | undefined,
  filename: string,
  allowed: readonly string[],
): string | null {
  const type = (declared ?? '').split(';')[0].trim().toLowerCase();
  const candidate = GENERIC.has(type) ? (EXTENSION_TYPES[extensionOf(filename)] ?? type) : type;
  return allowed.includes(candidate) ? candidate : null;
}

/** Whether the first bytes agree with the type (true for types without a known signature). */
export function contentMatches(type: string, head: Buffer): boolean {
  const check = SIGNATURES[type];
  return check ? check(head) : true;
}

/** What a client calls a file of this type, for plain-language errors (issue 13). */
const TYPE_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG image',
  'image/png': 'PNG image',
  'image/gif': 'GIF image',
  'image/webp': 'WebP image',
  'image/tiff': 'TIFF image',
  'image/heic': 'HEIC photo',
  'image/heif': 'HEIF photo',
  'application/msword': 'Word document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/vnd.ms-excel': 'Excel spreadsheet',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel spreadsheet',
  'application/vnd.ms-powerpoint': 'PowerPoint presentation',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation':
    'PowerPoint presentation',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument spreadsheet',
  'application/vnd.oasis.opendocument.presentation': 'OpenDocument presentation',
  'text/plain': 'text file',
  'text/csv': 'CSV file',
};

/**
 * The sentence for a file whose bytes are not what its name says (issue 13): "This file isn't a
 * real PDF. Please choose the PDF again or export it anew."
 */
export function contentMismatchMessage(contentType: string): string {
  const name = TYPE_NAMES[contentType] ?? 'file of this type';
  return `This file isn't a real ${name}. Please choose the ${name} again or export it anew.`;
}
