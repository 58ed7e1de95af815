// What a cluster spec uses: the cluster's state (written by the global setup), HAProxy's address
// in the shape the e2e factories take, and who served a response.
import type { Server } from 'node:http';
import type { Response } from 'supertest';
import { ClusterState, readState } from './harness';

export function stateFile(): string {
  const file = process.env.CLUSTER_STATE;
  if (!file)
    throw new Error('CLUSTER_STATE is not set: run through test/cluster/jest-cluster.config.ts');
  return file;
}

export function clusterState(): ClusterState {
  const state = readState(stateFile());
  if (!state) throw new Error(`No cluster state in ${stateFile()}`);
  return state;
}

/**
 * HAProxy's address for supertest (`request(url)` takes a URL as well as a server): the e2e
 * factories (StaffApi, browserAgent, pinDispatch, …) then go through the proxy unchanged.
 */
export function proxy(): Server {
  return clusterState().url as unknown as Server;
}

/** The instance that answered (HAProxy's X-Served-By: api1, api2 or api3). */
export function servedBy(res: Response): string {
  return String(res.headers['x-served-by'] ?? 'none');
}

/** How many answers each instance gave, e.g. { api1: 17, api2: 17, api3: 16 }. */
export function spread(responses: Response[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const res of responses) counts[servedBy(res)] = (counts[servedBy(res)] ?? 0) + 1;
  return counts;
}

/** Status → count, for messages and checks. */
export function statusCounts(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function inParallel<T, R>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  });
  await Promise.all(lanes);
  return results;
}

export function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
