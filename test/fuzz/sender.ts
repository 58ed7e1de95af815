// Sends fuzzed requests byte for byte over keep-alive HTTP (supertest and fetch would tidy up the
// very things we want to send: raw path bytes, broken bodies, odd headers).
import http from 'node:http';
import type { FuzzRequest } from './payloads';

export interface FuzzResponse {
  status: number;
  body: string;
  /** Set when no HTTP answer came (socket error or timeout). */
  transportError?: string;
}

export class Sender {
  private readonly agent: http.Agent;

  constructor(
    private readonly port: number,
    concurrency: number,
    private readonly timeoutMs = 30_000,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  }

  send(request: FuzzRequest): Promise<FuzzResponse> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (response: FuzzResponse) => {
        if (settled) return;
        settled = true;
        resolve(response);
      };
      const headers: Record<string, string | number> = { ...request.headers };
      if (request.body) headers['content-length'] = request.body.length;
      let req: http.ClientRequest;
      try {
        req = http.request(
          {
            host: '127.0.0.1',
            port: this.port,
            method: request.method,
            path: request.path,
            headers,
            agent: this.agent,
            insecureHTTPParser: true,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => {
              if (chunks.length < 64) chunks.push(chunk);
            });
            res.on('end', () =>
              finish({
                status: res.statusCode ?? 0,
                body: Buffer.concat(chunks).toString('utf8').slice(0, 2000),
              }),
            );
            res.on('error', (error) =>
              finish({ status: res.statusCode ?? 0, body: '', transportError: error.message }),
            );
          },
        );
      } catch (error) {
        // The client library refused to send it (e.g. a character Node will not put on the wire).
        finish({ status: 0, body: '', transportError: `not sent: ${(error as Error).message}` });
        return;
      }
      req.setTimeout(this.timeoutMs, () => {
        finish({ status: 0, body: '', transportError: `no answer within ${this.timeoutMs} ms` });
        req.destroy();
      });
      req.on('error', (error) => finish({ status: 0, body: '', transportError: error.message }));
      req.end(request.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** One line a reader can paste into a reproduction: method, path, headers, body preview. */
export function describeRequest(identity: string, request: FuzzRequest): string {
  const body = request.body
    ? JSON.stringify(
        request.body.length > 300
          ? `${request.body.subarray(0, 300).toString('latin1')}… (${request.body.length} bytes)`
          : request.body.toString('latin1'),
      )
    : '(no body)';
  const headers = Object.entries(request.headers)
    .map(([k, v]) => `${k}: ${/^(authorization|cookie)$/i.test(k) ? v.slice(0, 24) + '…' : v}`)
    .join('; ');
  return `[${request.kind}] as ${identity}: ${request.method} ${request.path.slice(0, 300)} {${headers}} ${body}`;
}
