import { randomBytes } from 'node:crypto';

/** One mailbox: a display name (may be empty) and a plain ASCII address. */
export interface Mailbox {
  name: string;
  address: string;
}

/** What the outbox sends: one recipient, a subject, a text part and usually an HTML part. */
export interface PlainMail {
  from: Mailbox;
  to: string;
  subject: string;
  text: string;
  html?: string;
  messageId?: string;
  date?: Date;
}

const CRLF = '\r\n';
/** RFC 5322's recommended longest header line; body lines keep to MIME's 76. */
const HEADER_LINE = 78;
const BODY_LINE = 76;
/** UTF-8 bytes per encoded word: 52 base64 characters, 64 with `=?UTF-8?B?…?=` (RFC 2047: ≤ 75). */
const WORD_BYTES = 39;

/**
 * A dot-atom address of ASCII letters, digits and the symbols RFC 5322 allows, with a host name:
 * what the composer writes as is. Anything else (a UTF-8 local part, an internationalised domain,
 * a quoted local part, an IP literal) is left to nodemailer's composer (`MailTransport`).
 */
const SIMPLE_ADDRESS =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

export function isSimpleAddress(address: string): boolean {
  return address.length <= 254 && SIMPLE_ADDRESS.test(address);
}

/**
 * Writes a message as MIME text (RFC 5322, 2045-2047), CRLF line ends: a multipart/alternative
 * of the text and the HTML (or the text alone). The outbox sends it to nodemailer as `raw`, so
 * nodemailer only carries it (over SMTP, or into a file); building each message through
 * nodemailer's MIME tree and its stream transforms cost the product about 0.15 ms of CPU per mail
 * more than this (issue 11, redeem: every new device gets a notice).
 *
 * - Headers: printable ASCII is written as is, folded at spaces within 78 columns. Anything else
 *   (accents, other scripts, control characters, or a `=?` that a reader would take for an
 *   encoded word) is written as UTF-8 encoded words (RFC 2047, base64), never splitting a
 *   character. Line breaks in a header value become spaces: a value can never start a header.
 * - Parts: ASCII text with short lines goes as 7bit; mostly Latin text as quoted-printable;
 *   the rest as base64. Every body line keeps within 76 columns.
 * The caller checks the addresses (`isSimpleAddress`).
 */
export function composeMime(mail: PlainMail): string {
  const head = [
    header('From', mailbox(mail.from)),
    header('To', [mail.to]),
    header('Subject', phrase(mail.subject)),
  ];
  if (mail.messageId) head.push(header('Message-ID', [oneLine(mail.messageId)]));
  head.push(
    header('Date', [(mail.date ?? new Date()).toUTCString().replace(/GMT$/, '+0000')]),
    'MIME-Version: 1.0',
  );
  if (mail.html === undefined) {
    // A complete message ends with a line break (the text's own, or one added here), as
    // nodemailer would otherwise add it.
    const message = [...head, ...bodyPart('text/plain', mail.text)].join(CRLF);
    return message.endsWith(CRLF) ? message : message + CRLF;
  }
  // `=_` never occurs in quoted-printable or base64 text, so no part can contain the boundary.
  const boundary = `=_Part_${randomBytes(12).toString('hex')}`;
  return [
    ...head,
    `Content-Type: multipart/alternative;${CRLF} boundary="${boundary}"`,
    '',
    `--${boundary}`,
    ...bodyPart('text/plain', mail.text),
    `--${boundary}`,
    ...bodyPart('text/html', mail.html),
    `--${boundary}--`,
    '',
  ].join(CRLF);
}

/** A part's two headers, the empty line and its encoded body (no line end after the last line). */
function bodyPart(type: 'text/plain' | 'text/html', content: string): string[] {
  const text = content.replace(/\r\n|\r|\n/g, CRLF);
  const encoding = transferEncoding(text);
  const body =
    encoding === '7bit'
      ? text
      : encoding === 'base64'
        ? base64Lines(Buffer.from(text, 'utf8'))
        : quotedPrintable(text);
  return [
    `Content-Type: ${type}; charset=utf-8`,
    `Content-Transfer-Encoding: ${encoding}`,
    '',
    body,
  ];
}

function transferEncoding(text: string): '7bit' | 'quoted-printable' | 'base64' {
  let wide = 0;
  let lineLength = 0;
  let longLine = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 13 && text.charCodeAt(i + 1) === 10) {
      i++;
      lineLength = 0;
      continue;
    }
    if (++lineLength > BODY_LINE) longLine = true;
    if (code >= 0x7f || (code < 0x20 && code !== 9)) wide++;
  }
  if (wide === 0 && !longLine) return '7bit';
  // Mostly Latin text stays readable as quoted-printable; other scripts are smaller in base64.
  return wide * 2 > text.length ? 'base64' : 'quoted-printable';
}

const HEX = '0123456789ABCDEF';

const HEX_CODES = Buffer.from(HEX, 'latin1');

/**
 * Quoted-printable (RFC 2045 6.7) of text whose line ends are CRLF: each line's UTF-8 bytes,
 * `=XX` for `=`, for anything outside printable ASCII and for a space or tab that ends a line,
 * and soft line breaks (`=` CRLF) before what would not fit in 75 columns, so every line keeps
 * within 76 and no `=XX` is split.
 *
 * One pass from the bytes into a buffer, made a string once. (A regular expression with a
 * callback per escaped byte, line by line, was most of what composing a mail cost: HTML has an
 * `=` in every attribute. Issue 11, redeem.)
 */
export function quotedPrintable(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  const end = bytes.length;
  // At most 3 characters a byte, and a soft break (3) for every 25 bytes (a line holds 25 `=XX`).
  const out = Buffer.allocUnsafe(3 * end + 3 * Math.ceil(end / 25) + 3);
  let at = 0;
  /** Characters on the output line so far. */
  let column = 0;
  for (let i = 0; i < end; i++) {
    const byte = bytes[i];
    if (byte === 13 && bytes[i + 1] === 10) {
      out[at++] = 13;
      out[at++] = 10;
      column = 0;
      i++;
      continue;
    }
    const lineEnds = i + 1 === end || (bytes[i + 1] === 13 && bytes[i + 2] === 10);
    const plain =
      (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !lineEnds);
    const width = plain ? 1 : 3;
    if (column + width > BODY_LINE - 1) {
      out[at++] = 61;
      out[at++] = 13;
      out[at++] = 10;
      column = 0;
    }
    if (plain) {
      out[at++] = byte;
    } else {
      out[at++] = 61;
      out[at++] = HEX_CODES[byte >> 4];
      out[at++] = HEX_CODES[byte & 15];
    }
    column += width;
  }
  return out.toString('latin1', 0, at);
}

function base64Lines(bytes: Buffer): string {
  const encoded = bytes.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += BODY_LINE) lines.push(encoded.slice(i, i + BODY_LINE));
  return lines.join(CRLF);
}

/** Header text with its line breaks made spaces (no value may begin a line of its own). */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

/** Printable ASCII only, and nothing a reader would take for the start of an encoded word. */
function plainAscii(value: string): boolean {
  return /^[\x20-\x7e]*$/.test(value) && !value.includes('=?');
}

/** A display text (subject, name) as header tokens: its words, or encoded words. */
function phrase(value: string): string[] {
  const text = oneLine(value);
  const words = text.split(' ');
  if (plainAscii(text) && words.every((w) => w.length <= HEADER_LINE - 12)) return words;
  return encodedWords(text);
}

/** `"Name" <address>`: a quoted name when it is plain ASCII, encoded words otherwise. */
function mailbox({ name, address }: Mailbox): string[] {
  const text = oneLine(name).trim();
  if (!text) return [address];
  if (plainAscii(text) && text.length <= HEADER_LINE - 12) {
    return [`"${text.replace(/["\\]/g, '\\$&')}"`, `<${address}>`];
  }
  return [...encodedWords(text), `<${address}>`];
}

/** UTF-8 encoded words of at most WORD_BYTES bytes each, never splitting a character. */
function encodedWords(text: string): string[] {
  const words: string[] = [];
  let chunk: number[] = [];
  let size = 0;
  const flush = (): void => {
    if (!chunk.length) return;
    words.push(`=?UTF-8?B?${Buffer.from(String.fromCodePoint(...chunk)).toString('base64')}?=`);
    chunk = [];
    size = 0;
  };
  for (const char of text) {
    const point = char.codePointAt(0)!;
    const bytes = point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
    if (size + bytes > WORD_BYTES) flush();
    chunk.push(point);
    size += bytes;
  }
  flush();
  return words.length ? words : [''];
}

/**
 * `Name: tokens`, joined by single spaces and folded before a token that would take the line past
 * 78 columns (the fold is CRLF and the space itself, so unfolding gives the value back).
 */
function header(name: string, tokens: string[]): string {
  const lines: string[] = [];
  let line = `${name}:`;
  let empty = true;
  for (const token of tokens) {
    if (!empty && token && line.length + 1 + token.length > HEADER_LINE) {
      lines.push(line);
      line = '';
    }
    line += ` ${token}`;
    if (token) empty = false;
  }
  lines.push(line);
  return lines.join(CRLF);
}
