const MAX_FILENAME = 200;
/** C0/C1 controls, DEL, and bidirectional overrides/isolates that can disguise an extension. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A file name safe to store and to show: the last path segment only, Unicode NFC, no control or
 * direction-override characters, no leading dots, at most 200 characters (keeping the
 * extension). Never used to build a path: files are stored under random keys.
 */
export function safeFilename(raw: string | undefined): string {
  let name = (raw ?? '').normalize('NFC').replace(UNSAFE, '');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
  if (name === '') return 'file';
  const chars = [...name];
  if (chars.length > MAX_FILENAME) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 ? [...name.slice(dot)].slice(0, 16).join('') : '';
    name = chars.slice(0, MAX_FILENAME - [...ext].length).join('') + ext;
  }
  return name;
}

/**
 * `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>` (RFC 6266 and
 * RFC 8187): quotes, backslashes and non-ASCII never reach the quoted form.
 */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_') || 'file';
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
