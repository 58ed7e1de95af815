// A small load generator for the fault suite: a few workers send a mix of reads and acknowledged
// writes through real HTTP and record every answer with its timing.
import type { Test } from 'supertest';

export type OperationKind = 'read' | 'write' | 'health';

export interface Operation {
  name: string;
  kind: OperationKind;
  /** The status of success (201 for a write, 200 for a read). */
  expected: number;
  /** For writes: the table where the id of an acknowledged write must be found afterwards. */
  table?: string;
  send(): Test;
}

export interface Sample {
  op: string;
  kind: OperationKind;
  startedAt: number;
  endedAt: number;
  ms: number;
  /** 0 when no answer came (connection error or the client-side deadline). */
  status: number;
  ok: boolean;
  retryAfter?: string;
  error?: string;
  message?: string;
  /** The id an acknowledged write returned, and its table. */
  id?: string;
  table?: string;
  failure?: string;
}

export class Load {
  readonly samples: Sample[] = [];
  private stopping = false;
  private workers: Promise<void>[] = [];

  constructor(
    private readonly operations: Operation[],
    private readonly concurrency: number,
    /** A request without an answer after this long is recorded as status 0 (a hang). */
    private readonly clientDeadlineMs = 20_000,
  ) {}

  start(): void {
    this.stopping = false;
    this.workers = Array.from({ length: this.concurrency }, (_, i) => this.worker(i));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.workers);
  }

  /** Polls until `predicate` holds for the samples so far; fails after `timeoutMs`. */
  async until(what: string, predicate: (samples: Sample[]) => boolean, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.samples)) {
      if (Date.now() > deadline) {
        throw new Error(`load: waited ${timeoutMs} ms for ${what}; ${this.describe()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  describe(samples: Sample[] = this.samples): string {
    const counts = new Map<string, number>();
    for (const s of samples) counts.set(String(s.status), (counts.get(String(s.status)) ?? 0) + 1);
    return `${samples.length} answers by status ${JSON.stringify(Object.fromEntries(counts))}`;
  }

  private async worker(index: number): Promise<void> {
    let next = index;
    while (!this.stopping) {
      await this.once(this.operations[next++ % this.operations.length]);
    }
  }

  private async once(operation: Operation): Promise<void> {
    const startedAt = Date.now();
    const base = { op: operation.name, kind: operation.kind, startedAt, table: operation.table };
    try {
      const res = await operation
        .send()
        .timeout({ deadline: this.clientDeadlineMs })
        .ok(() => true);
      const endedAt = Date.now();
      const body = (res.body ?? {}) as { error?: unknown; message?: unknown; id?: unknown };
      const ok = res.status === operation.expected;
      this.samples.push({
        ...base,
        endedAt,
        ms: endedAt - startedAt,
        status: res.status,
        ok,
        retryAfter: res.headers['retry-after'],
        error: typeof body.error === 'string' ? body.error : undefined,
        message: typeof body.message === 'string' ? body.message : undefined,
        id: ok && typeof body.id === 'string' ? body.id : undefined,
      });
    } catch (error) {
      const endedAt = Date.now();
      this.samples.push({
        ...base,
        endedAt,
        ms: endedAt - startedAt,
        status: 0,
        ok: false,
        failure: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function latency(samples: Sample[]): string {
  const ms = samples.map((s) => s.ms);
  return `n=${ms.length} p50=${percentile(ms, 50)} ms p95=${percentile(ms, 95)} ms max=${Math.max(...ms)} ms`;
}
