import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** `application/json`, with no parameter or only `charset=utf-8` (any letter case). */
const PLAIN_JSON = /^application\/json(?:;[ \t]*charset=utf-8)?$/i;
const DIGITS = /^\d{1,10}$/;
/** The first character of a body that is not JSON white space, if any. */
const FIRST_NON_WHITESPACE = /[^ \t\n\r]/;

/** An error as body-parser gives it: a status and a type, both read by the exception filter. */
class BodyError extends Error {
  readonly expose = true;
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** The body is not as long as its Content-Length said (raw-body's error). */
function sizeMismatch(): BodyError {
  return new BodyError(400, 'request.size.invalid', 'request size did not match content length');
}

/**
 * The JSON body reader for the API (issue 11: express.json's general machinery (content-type
 * parsing, charset and decompression streams, the raw-body reader) was about 5 % of a link-status
 * request's CPU). It reads the everyday body itself, one that says exactly how long it is, within
 * `limit` bytes, sent as `application/json` in UTF-8 without a content encoding, and gives it the
 * meaning body-parser's `json()` gives it, strict mode: an empty body is `{}`, a leading byte-order
 * mark is dropped, anything that is not an object or array, or not JSON, is a 400
 * `entity.parse.failed`. Every other request (another type or charset, a compressed or chunked
 * body, one over the limit, one without a body) goes to `general`, express.json with the same
 * limit, untouched: it answers those as it always did.
 */
export function jsonBody(limit: number, general: RequestHandler): RequestHandler {
  return (request: Request, response: Response, next: NextFunction): void => {
    const headers = request.headers;
    const length = headers['content-length'];
    const encoding = headers['content-encoding'];
    if (
      length === undefined ||
      !DIGITS.test(length) ||
      Number(length) > limit ||
      headers['transfer-encoding'] !== undefined ||
      (encoding !== undefined && encoding.toLowerCase() !== 'identity') ||
      !PLAIN_JSON.test(headers['content-type'] ?? '') ||
      finished(request) ||
      (request as { body?: unknown }).body !== undefined
    ) {
      general(request, response, next);
      return;
    }
    (request as { body?: unknown }).body = undefined;
    read(request, Number(length), next);
  };
}

/** Whether the request can no longer be read (body-parser then leaves the body alone). */
function finished(request: Request): boolean {
  const socket = request.socket as Request['socket'] | null;
  return (
    (request as { upgrade?: boolean }).upgrade === true ||
    !socket ||
    !socket.writable ||
    (request.complete && !request.readable)
  );
}

function read(request: Request, expected: number, next: NextFunction): void {
  const chunks: Buffer[] = [];
  let received = 0;
  let settled = false;
  const finish = (error?: unknown): void => {
    if (settled) return;
    settled = true;
    request.off('data', onData);
    request.off('end', onEnd);
    request.off('error', onError);
    request.off('aborted', onAborted);
    if (error !== undefined) {
      // Read the rest (if any) before answering, as body-parser does.
      if (!request.complete) request.resume();
      next(error);
      return;
    }
    next();
  };
  const onData = (chunk: Buffer): void => {
    received += chunk.length;
    if (received > expected) {
      finish(sizeMismatch());
      return;
    }
    chunks.push(chunk);
  };
  const onEnd = (): void => {
    if (received !== expected) {
      finish(sizeMismatch());
      return;
    }
    try {
      (request as { body?: unknown }).body = parse(
        Buffer.concat(chunks, received).toString('utf8'),
      );
    } catch (error) {
      finish(error);
      return;
    }
    finish();
  };
  const onError = (error: unknown): void =>
    finish(new BodyError(400, 'request.aborted', String((error as Error)?.message ?? error)));
  const onAborted = (): void => finish(new BodyError(400, 'request.aborted', 'request aborted'));
  request.on('data', onData);
  request.on('end', onEnd);
  request.on('error', onError);
  request.on('aborted', onAborted);
}

/** body-parser's strict JSON: `{}` for nothing, an object or array, else entity.parse.failed. */
export function parse(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.length === 0) return {};
  const first = FIRST_NON_WHITESPACE.exec(body)?.[0];
  if (first !== '{' && first !== '[') {
    throw new BodyError(400, 'entity.parse.failed', 'The body is not a JSON object or array');
  }
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new BodyError(400, 'entity.parse.failed', (error as Error).message);
  }
}
