// Raw HTTP for the upload fault specs: requests written byte for byte on a socket (so a faulty
// multipart body reaches the server exactly as sent), their answers read back, and the small
// waits and cookie look-ups those specs share.
import type { Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** The multipart boundary the fault specs use. */
export const BOUNDARY = 'XyZ';

/** The headers of a file part, up to and including the blank line before its bytes. */
export function partHead(boundary: string, disposition = 'filename="a.pdf"'): string {
  return `--${boundary}\r\nContent-Disposition: form-data; name="file"; ${disposition}\r\nContent-Type: application/pdf\r\n\r\n`;
}

/** A PDF file part in BOUNDARY; the body the issue reported is this plus a few bytes, no end. */
export const PART_HEAD = partHead(BOUNDARY);

/** A complete multipart body of one file part (closing boundary included). */
export function multipartFile(boundary: string, disposition: string, content: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(partHead(boundary, disposition)),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

export interface RawRequest {
  path: string;
  /** Extra headers, e.g. authentication. */
  headers: Record<string, string>;
  contentType?: string;
  /** Content-Length, or null for Transfer-Encoding: chunked. */
  length: number | null;
  /** Send `Connection: close` (the default), so the answer ends with the connection. */
  close?: boolean;
}

/** The request line and headers of a POST, ending with the blank line. */
export function requestHead({
  path,
  headers,
  contentType = `multipart/form-data; boundary=${BOUNDARY}`,
  length,
  close = true,
}: RawRequest): string {
  const lines = [
    `POST ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    ...(close ? ['Connection: close'] : []),
    `Content-Type: ${contentType}`,
    length === null ? 'Transfer-Encoding: chunked' : `Content-Length: ${length}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Makes the app's HTTP server listen on a free local port, for raw sockets; answers the port. */
export async function listenLocally(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A socket to the local server, once connected. */
export function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends until the connection closes (rejects if it never does). */
export function collect(socket: Socket, ms = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('the server neither answered nor closed the connection'));
    }, ms);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined); // a reset after our own destroy is expected
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
  });
}

export interface RawAnswer {
  status: number | null;
  body: Record<string, unknown> | null;
  raw: string;
}

/** The status and JSON body of a raw answer (null where there is none). */
export function parseAnswer(raw: string): RawAnswer {
  const status = /^HTTP\/1\.1 (\d{3})/.exec(raw);
  const text = raw.split('\r\n\r\n').slice(1).join('\r\n\r\n');
  let body: Record<string, unknown> | null = null;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = null;
  }
  return { status: status ? Number(status[1]) : null, body, raw };
}

export function same(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The trusted-device cookie a supertest agent holds, as a Cookie header value. */
export function deviceCookie(agent: unknown): string {
  const jar = (agent as { jar: { getCookies(info: unknown): { name: string; value: string }[] } })
    .jar;
  const all = jar.getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false });
  const found = all.find((c) => c.name === 'cp_device');
  if (!found) throw new Error('the agent holds no device cookie');
  return `cp_device=${found.value}`;
}

/** Polls `check` until it holds or `ms` pass; answers whether it held (checked once more last). */
export async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}
