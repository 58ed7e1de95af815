// Where the API e2e specs' requests went when they ran through the cluster: each TestApp of
// e2e-target.ts appends one record when it closes (HAProxy's per-instance request counts from its
// stats socket, each node's wsrep_local_commits), and the global teardown sums them per run,
// prints them and fails the run unless every instance answered and every node committed writes.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SPREAD_FILE = 'e2e-spread.jsonl';

/** One line of e2e-spread.jsonl: what one TestApp's life cost and where its requests went. */
export interface SpreadRecord {
  spec: string;
  /** 0 for a spec's own app, 1 for one opened inside it (its counts are in the outer's too). */
  depth: number;
  overrides: string[];
  /** Seconds to create the database and restart the instances on it. */
  startSeconds: number;
  /** Requests HAProxy sent to each instance. */
  requests: Record<string, number>;
  /** 5xx answers per instance. */
  answers5xx: Record<string, number>;
  /** Transactions each node committed for its own clients (wsrep_local_commits). */
  nodeCommits: Record<string, number>;
}

export interface SpreadSummary {
  apps: number;
  specs: number;
  startSeconds: number;
  requests: Record<string, number>;
  answers5xx: Record<string, number>;
  nodeCommits: Record<string, number>;
  /** Why the spread does not prove the point (empty when it does). */
  problems: string[];
}

export function readSpread(workDir: string): SpreadRecord[] {
  const file = join(workDir, SPREAD_FILE);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SpreadRecord);
}

/** Sums the spec-level records (nested apps are inside their spec's counts already). */
export function summarise(
  records: SpreadRecord[],
  instances: string[],
  nodes: string[],
): SpreadSummary {
  const outer = records.filter((r) => r.depth === 0);
  const sum = (pick: (r: SpreadRecord) => Record<string, number>, names: string[]) =>
    Object.fromEntries(
      names.map((name) => [name, outer.reduce((n, r) => n + (pick(r)[name] ?? 0), 0)]),
    );
  const summary: SpreadSummary = {
    apps: records.length,
    specs: new Set(records.map((r) => r.spec)).size,
    startSeconds: records.reduce((n, r) => n + r.startSeconds, 0),
    requests: sum((r) => r.requests, instances),
    answers5xx: sum((r) => r.answers5xx, instances),
    nodeCommits: sum((r) => r.nodeCommits, nodes),
    problems: [],
  };
  const total = Object.values(summary.requests).reduce((a, b) => a + b, 0);
  for (const name of instances) {
    // Round-robin: each of the three gets about a third; a quarter is far from "one took all".
    if (summary.requests[name] < total / 4) {
      summary.problems.push(`${name} answered ${summary.requests[name]} of ${total} requests`);
    }
  }
  for (const name of nodes) {
    if (summary.nodeCommits[name] <= 0) summary.problems.push(`node ${name} committed no write`);
  }
  return summary;
}

export function describeSpread(records: SpreadRecord[], summary: SpreadSummary): string {
  const row = (r: Record<string, number>) =>
    Object.entries(r)
      .map(([name, n]) => `${name} ${n}`)
      .join(', ');
  const lines = records
    .filter((r) => r.depth === 0)
    .map((r) => `  ${r.spec}: requests ${row(r.requests)}; node commits ${row(r.nodeCommits)}`);
  return [
    `API e2e specs through HAProxy: ${summary.specs} specs, ${summary.apps} apps ` +
      `(instances restarted on a fresh database for each: ${summary.startSeconds.toFixed(0)} s in all)`,
    ...lines,
    `  total: requests ${row(summary.requests)}; 5xx ${row(summary.answers5xx)}; ` +
      `node commits ${row(summary.nodeCommits)}`,
  ].join('\n');
}
