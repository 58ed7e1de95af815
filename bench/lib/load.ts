/** autocannon runs and plain one-off requests against either server. */
import { loadavg } from 'node:os';
import { request as httpRequest, type RequestOptions } from 'node:http';
import autocannon from 'autocannon';

export interface Req {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RunResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  /** 1-minute load average before and after the run (os.loadavg, as `uptime` prints it). */
  load: [number, number];
}

export const UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36';

/**
 * Runs autocannon against `url` for `seconds` with `connections`; every request is built by
 * `next()` (fresh tokens, rotating cookies). `until` ends the run early when it resolves.
 */
export function run(
  url: string,
  next: () => Req,
  options: { seconds: number; connections: number; rate?: number; until?: Promise<unknown> },
): Promise<RunResult> {
  const loadBefore = loadavg()[0];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: options.connections,
        duration: options.seconds,
        timeout: 30,
        ...(options.rate ? { overallRate: options.rate } : {}),
        requests: [
          {
            setupRequest: () => {
              const r = next();
              return { method: r.method, path: r.path, headers: r.headers, body: r.body };
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          rps: result.requests.total / result.duration,
          p50: result.latency.p50,
          p99: result.latency.p99,
          requests: result.requests.total,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          seconds: result.duration,
          load: [round(loadBefore), round(loadavg()[0])],
        });
      },
    );
    void options.until?.then(() => instance.stop());
  });
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text: string;
}

/** node:http options for `r` against the server at `base` (its body's length declared). */
export function requestOptions(base: string, r: Req): RequestOptions {
  const target = new URL(r.path, base);
  return {
    host: target.hostname,
    port: target.port,
    path: target.pathname + target.search,
    method: r.method,
    headers: {
      ...r.headers,
      ...(r.body ? { 'content-length': String(Buffer.byteLength(r.body)) } : {}),
    },
  };
}

/** One request with node:http (no client-side timeout: the purge can take minutes). */
export function send(base: string, r: Req): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(requestOptions(base, r), (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: compared as text
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
      });
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

export const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
