import express from 'express';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { jsonBody, parse } from './json-body';

const LIMIT = 64;

interface Sent {
  name: string;
  headers: Record<string, string>;
  /** The body, in the pieces it is written in. */
  pieces: Buffer[];
  /** Whether the reader should read it itself rather than hand it to express.json. */
  own: boolean;
}

const json = (text: string): Buffer[] => [Buffer.from(text, 'utf8')];
const typed = (pieces: Buffer[], type = 'application/json'): Record<string, string> => ({
  'content-type': type,
  'content-length': String(Buffer.concat(pieces).length),
});
const bytewise = (text: string): Buffer[] =>
  [...Buffer.from(text, 'utf8')].map((b) => Buffer.of(b));

function cases(): Sent[] {
  const list: Sent[] = [];
  const add = (name: string, pieces: Buffer[], own: boolean, headers = typed(pieces)): void => {
    list.push({ name, headers, pieces, own });
  };
  add('an object', json('{"token":"abc","n":1}'), true);
  add('an array', json('[1,{"a":null}]'), true);
  add('nothing', [], true);
  add('white space only', json(' \n\t '), true);
  add('leading white space', json(' \r\n{"a":1}'), true);
  add('a byte-order mark', json('\uFEFF{"a":1}'), true);
  add('only a byte-order mark', json('\uFEFF'), true);
  add('a string', json('"text"'), true);
  add('true', json('true'), true);
  add('a number', json('12'), true);
  add('null', json('null'), true);
  add('broken JSON', json('{"a":'), true);
  add('trailing text', json('{"a":1} x'), true);
  add('__proto__ key', json('{"__proto__":{"x":1},"a":2}'), true);
  add('multi-byte text, one byte at a time', bytewise('{"a":"é😀 ü"}'), true);
  add(
    'invalid UTF-8',
    [Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    true,
  );
  add('exactly the limit', json(`{"a":"${'x'.repeat(LIMIT - 8)}"}`), true);
  add(
    'charset=utf-8',
    json('{"a":1}'),
    true,
    typed(json('{"a":1}'), 'application/json; charset=utf-8'),
  );
  add(
    'upper case',
    json('{"a":1}'),
    true,
    typed(json('{"a":1}'), 'APPLICATION/JSON;charset=UTF-8'),
  );
  add('identity encoding', json('{"a":1}'), true, {
    ...typed(json('{"a":1}')),
    'content-encoding': 'identity',
  });
  // Everything else is express.json's.
  add('over the limit', json(`{"a":"${'x'.repeat(LIMIT)}"}`), false);
  add('utf-16', [Buffer.from('{"a":1}', 'utf16le')], false, {
    'content-type': 'application/json; charset=utf-16le',
    'content-length': String(Buffer.from('{"a":1}', 'utf16le').length),
  });
  add(
    'latin-1',
    json('{"a":1}'),
    false,
    typed(json('{"a":1}'), 'application/json; charset=latin1'),
  );
  add('text/plain', json('{"a":1}'), false, typed(json('{"a":1}'), 'text/plain'));
  add('a +json type', json('{"a":1}'), false, typed(json('{"a":1}'), 'application/vnd.api+json'));
  add('no content type', json('{"a":1}'), false, {
    'content-length': String(json('{"a":1}')[0].length),
  });
  const zipped = [gzipSync('{"a":1}')];
  add('gzip', zipped, false, { ...typed(zipped), 'content-encoding': 'gzip' });
  add('an unknown encoding', json('{"a":1}'), false, {
    ...typed(json('{"a":1}')),
    'content-encoding': 'rot13',
  });
  add('chunked', json('{"a":1}'), false, { 'content-type': 'application/json' });
  return list;
}

/** An app that answers with what the parser made of the body, or with the error it gave. */
function app(parser: express.RequestHandler): express.Express {
  const made = express();
  made.post('/', parser, (request, response) => {
    response.json({ hasBody: 'body' in request, body: request.body as unknown });
  });
  made.use(
    (
      error: { status?: number; type?: string },
      _q: unknown,
      response: express.Response,
      _n: unknown,
    ) => {
      void _n;
      response.status(error.status ?? 500).json({ status: error.status, type: error.type });
    },
  );
  return made;
}

function listen(made: express.Express): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = made.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port }),
    );
  });
}

function send(port: number, sent: Sent): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', path: '/', headers: sent.headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
          }),
        );
      },
    );
    request.on('error', reject);
    const write = async (): Promise<void> => {
      for (const piece of sent.pieces) {
        request.write(piece);
        // Let each piece leave on its own, so the server sees them apart.
        await new Promise((next) => setImmediate(next));
      }
      request.end();
    };
    void write();
  });
}

describe('jsonBody', () => {
  let general: { server: Server; port: number };
  let own: { server: Server; port: number };
  let handedOn = 0;

  beforeAll(async () => {
    general = await listen(app(express.json({ limit: LIMIT })));
    const fallback = express.json({ limit: LIMIT });
    own = await listen(
      app(
        jsonBody(LIMIT, (request, response, next) => {
          handedOn++;
          void fallback(request, response, next);
        }),
      ),
    );
  });

  afterAll(async () => {
    await new Promise((done) => general.server.close(done));
    await new Promise((done) => own.server.close(done));
  });

  it.each(cases().map((each) => [each.name, each] as const))(
    '%s: the same answer as express.json',
    async (_name, sent) => {
      const before = handedOn;
      const expected = await send(general.port, sent);
      const actual = await send(own.port, sent);
      expect(actual).toEqual(expected);
      expect(handedOn - before).toBe(sent.own ? 0 : 1);
    },
  );

  it('answers the everyday cases as express.json does, bodies and refusals alike', async () => {
    const answers = await Promise.all(
      cases()
        .filter((each) => each.own)
        .map((each) => send(own.port, each)),
    );
    expect(answers.filter((each) => each.status === 200).length).toBeGreaterThan(5);
    expect(answers.filter((each) => each.status === 400).length).toBeGreaterThan(3);
  });
});

describe('parse', () => {
  it('reads strict JSON as body-parser does', () => {
    expect(parse('')).toEqual({});
    expect(parse('\uFEFF')).toEqual({});
    expect(parse(' {"a":[1]}')).toEqual({ a: [1] });
    for (const text of ['1', '"a"', 'null', ' ', '{', '\uFEFF\uFEFF{}']) {
      expect(() => parse(text)).toThrow(
        expect.objectContaining({ status: 400, type: 'entity.parse.failed' }),
      );
    }
  });
});
