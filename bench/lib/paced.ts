/**
 * A steady load: requests started at a fixed rate whatever the server does (open loop), each
 * timed to a microsecond from the moment it is handed to node:http to the end of its answer.
 * autocannon times its requests in whole milliseconds, too coarse for a 1-3 ms request at a
 * moderate rate: the p50 of link status moved between 1 and 2 ms, so a large ÷ small ratio of
 * it said 1 or 2 by rounding alone.
 */
import { Agent, request as httpRequest, type RequestOptions } from 'node:http';
import { loadavg } from 'node:os';
import { type Req, requestOptions, round, type RunResult } from './load';

export interface PacedOptions {
  /** Requests per second, started on schedule (not when an earlier one has answered). */
  rate: number;
  seconds: number;
  /** Keep-alive connections; a request waits for a free one, and that wait counts. */
  connections: number;
  /** Stops starting new requests when it resolves (the ones in flight still finish). */
  until?: Promise<unknown>;
  /** Every request, when given: when it was sent, how long it took, its status. */
  samples?: Sample[];
}

/** One request of a paced run (`performance.now()` times, ms; status 0: no answer). */
export interface Sample {
  sent: number;
  ms: number;
  status: number;
}

export async function paced(
  url: string,
  next: () => Req,
  options: PacedOptions,
): Promise<RunResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const loadBefore = loadavg()[0];
  const samples = options.samples ?? [];
  let stopped = false;
  void options.until?.then(() => (stopped = true));
  const interval = 1000 / options.rate;
  const total = Math.round(options.rate * options.seconds);
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  try {
    for (let i = 0; i < total && !stopped; i++) {
      const due = started + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (stopped) break;
      const r = next();
      // Built before the clock starts: the URL parse is the bench's work, not the server's.
      const request: RequestOptions = { ...requestOptions(url, r), agent };
      const sent = performance.now();
      inFlight.push(
        once(request, r.body).then(
          (status) => void samples.push({ sent, ms: performance.now() - sent, status }),
          () => void samples.push({ sent, ms: performance.now() - sent, status: 0 }),
        ),
      );
    }
    await Promise.all(inFlight);
  } finally {
    agent.destroy();
  }
  return summarize(samples, (performance.now() - started) / 1000, [
    round(loadBefore),
    round(loadavg()[0]),
  ]);
}

/**
 * A RunResult of samples taken over `seconds`: a whole run's, or a window of one long steady
 * run, e.g. the requests under way while something else happened.
 */
export function summarize(samples: Sample[], seconds: number, load: [number, number]): RunResult {
  // Status 0: no answer (a connection error); counted, not timed, as in a whole run.
  const answered = samples.filter((x) => x.status !== 0);
  const sorted = answered.map((x) => x.ms).sort((a, b) => a - b);
  return {
    rps: round(sorted.length / seconds, 1),
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    requests: sorted.length,
    non2xx: answered.filter((x) => x.status < 200 || x.status > 299).length,
    errors: samples.length - answered.length,
    timeouts: 0,
    seconds: round(seconds, 2),
    load,
  };
}

/** The nearest-rank percentile of ascending `values` (NaN when there are none). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * values.length);
  return values[Math.min(values.length, Math.max(1, rank)) - 1];
}

function once(options: RequestOptions, body: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(options, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
