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

/**
 * Quoted-printable (RFC 2045 6.7) of text whose line ends are CRLF: each line's UTF-8 bytes,
 * `=XX` for `=`, for anything outside printable ASCII and for a space or tab that ends a line,
 * and soft line breaks (`=` CRLF) that keep every line within 76 columns.
 */
export function quotedPrintable(text: string): string {
  const out: string[] = [];
  for (const line of text.split(CRLF)) {
    // The line's UTF-8 bytes as one character each, every byte that may not stand as it is
    // written `=XX`, then a space or tab at the very end too.
    let encoded = Buffer.from(line, 'utf8')
      .toString('latin1')
      .replace(/[^\x21-\x3c\x3e-\x7e \t]/g, escapedByte);
    const end = encoded.charCodeAt(encoded.length - 1);
    if (end === 32 || end === 9) encoded = encoded.slice(0, -1) + escapedByte(encoded.slice(-1));
    // Soft line breaks: as many whole characters and `=XX` as fit before the break's `=` in
    // the 76th column (every `=` left in the text starts an `=XX`, never split).
    let from = 0;
    while (encoded.length - from > BODY_LINE - 1) {
      let cut = from + BODY_LINE - 1;
      if (encoded[cut - 1] === '=') cut -= 1;
      else if (encoded[cut - 2] === '=') cut -= 2;
      out.push(`${encoded.slice(from, cut)}=`);
      from = cut;
    }
    out.push(encoded.slice(from));
  }
  return out.join(CRLF);
}

/** `=XX` for one byte (a character of a latin1 string). */
function escapedByte(byte: string): string {
  const code = byte.charCodeAt(0);
  return `=${HEX[code >> 4]}${HEX[code & 15]}`;
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
