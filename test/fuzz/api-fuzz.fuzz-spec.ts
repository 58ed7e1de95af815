// No request answers 5xx, none ends the process, none changes a row it had no right to change.
// Every route and method of the OpenAPI document, as anonymous, staff, a trusted device, a
// logged-in client and a PIN session, with hostile input (see payloads.ts). Deterministic:
// FUZZ_SEED (default below) and FUZZ_REQUESTS (default 10,000) make the same requests each run.
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../support/app';
import { changedRows, dumpTables, rowCount, type Dump } from './db-dump';
import type { OpenApiDocument, Route } from './openapi-routes';
import { routesOf } from './openapi-routes';
import { generate, type IdPool } from './payloads';
import { Prng } from './prng';
import { fuzzIdentities, type Identity, seedProtected } from './seed';
import { describeRequest, type FuzzResponse, Sender } from './sender';

const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 6);
const DATABASE = process.env.E2E_DB ?? 'sqlite';
let ROUTES_PER_ROUND = 1;
/** FUZZ_TRACE=<file>: every request and its status, one line each, written at the end. */
const TRACE = process.env.FUZZ_TRACE;
const trace: string[] = [];

interface Failure {
  index: number;
  line: string;
  response: FuzzResponse;
}

describe(`API fuzz on ${DATABASE} (seed ${SEED}, ${REQUESTS} requests)`, () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp({
      LOG_LEVEL: 'error',
      // The webhook and staff-notice jobs (issue 12) would mark the seeded activity events and
      // claim their job leases during the run: pre-existing rows changed by design, not by a
      // request. They do not tick within the run (their own specs cover them).
      WEBHOOK_POLL_MS: '3600000',
      STAFF_NOTIFY_POLL_MS: '3600000',
    });
    await new Promise<void>((resolve) => t.http.listen(0, '127.0.0.1', resolve));
    port = (t.http.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers every hostile request below 500, stays up and changes no pre-existing row', async () => {
    const started = Date.now();
    const doc = (await request(t.http).get('/api/docs-json').expect(200)).body as OpenApiDocument;
    if (TRACE) writeFileSync(`${TRACE}.openapi.json`, JSON.stringify(doc, null, 1));
    const routes = routesOf(doc);
    ROUTES_PER_ROUND = routes.length;
    expect(routes.length).toBeGreaterThan(30);

    const dataSource = t.app.get(DataSource);
    const protectedIds = await seedProtected(t.http, dataSource);
    const before: Dump = await dumpTables(dataSource);
    const { identities, own } = await fuzzIdentities(t.http);
    const ids: IdPool = { own, protectedIds };
    const fuzzStarted = Date.now();
    const timeByRoute = new Map<string, number>();
    const statusByIdentity = new Map<string, Map<number, number>>();

    const sender = new Sender(port, CONCURRENCY);
    const failures: Failure[] = [];
    const byStatus = new Map<number, number>();
    const seenRouteIdentity = new Set<string>();
    let next = 0;
    const refreshFailures: string[] = [];

    const one = async (index: number): Promise<void> => {
      const prng = new Prng((SEED ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
      const route: Route = routes[index % routes.length];
      const identity = identityFor(index, route, identities, prng);
      if (identity.pending) await identity.pending;
      const fuzzed = generate(route, prng, {
        doc,
        ids,
        mayWriteProtected: identity.name !== 'staff',
        serial: index,
      });
      fuzzed.headers = {
        ...identity.headers,
        ...credentialNoise(prng, identity),
        ...fuzzed.headers,
      };
      const sentAt = Date.now();
      const response = await sender.send(fuzzed);
      const routeKey = `${route.method} ${route.path}`;
      timeByRoute.set(routeKey, (timeByRoute.get(routeKey) ?? 0) + Date.now() - sentAt);
      const statuses = statusByIdentity.get(identity.name) ?? new Map<number, number>();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      statusByIdentity.set(identity.name, statuses);
      seenRouteIdentity.add(`${route.method} ${route.path} ${identity.name}`);
      byStatus.set(response.status, (byStatus.get(response.status) ?? 0) + 1);
      if (TRACE)
        trace.push(`#${index} ${response.status} ${describeRequest(identity.name, fuzzed)}`);
      if (response.status >= 500 || response.transportError?.includes('no answer')) {
        failures.push({ index, line: describeRequest(identity.name, fuzzed), response });
      }
      const ownLogout =
        route.path === (identity.name === 'staff' ? '/api/staff/logout' : '/api/account/logout');
      if (ownLogout && response.status < 300 && identity.refresh) {
        // Signed out for real: sign in again before this identity sends anything else.
        identity.pending ??= identity
          .refresh()
          .catch((error: Error) => {
            refreshFailures.push(`${identity.name}: ${error.message}`);
          })
          .finally(() => {
            identity.pending = undefined;
          });
        await identity.pending;
      }
    };

    const worker = async (): Promise<void> => {
      for (let index = next++; index < REQUESTS; index = next++) await one(index);
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    sender.close();
    if (TRACE) writeFileSync(TRACE, trace.sort().join('\n'));
    const seconds = (Date.now() - started) / 1000;
    const fuzzSeconds = (Date.now() - fuzzStarted) / 1000;

    // Still alive and answering.
    await request(t.http).get('/api/health').expect(200);

    const after = await dumpTables(dataSource);
    const changes = changedRows(before, after);

    const summary = [
      `fuzz on ${DATABASE}: ${REQUESTS} requests, seed ${SEED}, ${routes.length} routes × ${identities.length} identities, ${seconds.toFixed(1)} s (requests alone ${fuzzSeconds.toFixed(1)} s, ${(REQUESTS / fuzzSeconds).toFixed(0)}/s at ${CONCURRENCY} in flight)`,
      `statuses: ${counts(byStatus)}`,
      ...[...statusByIdentity].map(([name, statuses]) => `  as ${name}: ${counts(statuses)}`),
      `slowest routes (total ms): ${[...timeByRoute]
        .sort(([, a], [, b]) => b - a)
        .slice(0, 5)
        .map(([route, ms]) => `${route} ${ms}`)
        .join(', ')}`,
      `rows before: ${rowCount(before)}, after: ${rowCount(after)}, pre-existing rows changed: ${changes.length}`,
    ];
    process.stdout.write(`${summary.join('\n')}\n`);
    for (const f of failures) {
      process.stdout.write(
        `#${f.index} ${f.response.status || f.response.transportError}: ${f.line}\n    → ${f.response.body.slice(0, 300)}\n`,
      );
    }
    for (const c of changes.slice(0, 20)) {
      process.stdout.write(
        `changed ${c.table} ${c.key}\n  before ${c.before}\n  after  ${c.after}\n`,
      );
    }

    expect(seenRouteIdentity.size).toBe(Math.min(REQUESTS, routes.length * identities.length));
    expect(failures.map((f) => `${f.response.status} ${f.line}`)).toEqual([]);
    expect(changes).toEqual([]);
    expect(refreshFailures).toEqual([]);
  });
});

/**
 * The first |routes|×|identities| requests go round-robin, so every route is tried as every
 * identity; after that, a route is sent as the identity it is for 60% of the time (anyone else
 * mostly meets a 401 before the input is even read).
 */
function identityFor(index: number, route: Route, identities: Identity[], prng: Prng): Identity {
  const roundRobin = Math.floor(index / ROUTES_PER_ROUND) % identities.length;
  if (index < ROUTES_PER_ROUND * identities.length || !prng.chance(0.6)) {
    return identities[roundRobin];
  }
  const fit = identities.filter((identity) =>
    route.audience === 'staff'
      ? identity.name === 'staff'
      : route.audience === 'client'
        ? ['device', 'login', 'pin'].includes(identity.name)
        : true,
  );
  return prng.pick(fit);
}

function counts(statuses: Map<number, number>): string {
  return [...statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status}×${n}`)
    .join(' ');
}

/** Now and then the caller's credentials are mangled, doubled or stripped of the CSRF header. */
function credentialNoise(prng: Prng, identity: Identity): Record<string, string> {
  if (!prng.chance(0.12)) return {};
  return prng.pick<Record<string, string>>([
    { authorization: `Bearer ${'x'.repeat(prng.int(0, 80))}` },
    { authorization: 'Basic YWRtaW46YWRtaW4=' },
    { authorization: 'Bearer %ED%A0%80' },
    { authorization: `Bearer ${'A'.repeat(8000)}` },
    { cookie: 'cp_device=%E0%A4%A; cp_session=%ZZ' },
    { cookie: `cp_device=${'z'.repeat(43)}` },
    { cookie: `cp_session=${'z'.repeat(43)}; cp_device=..%2F..%2F` },
    { cookie: `${identity.headers.cookie ?? 'cp_device=x'}; cp_device=duplicate` },
    { 'x-requested-with': 'nope' },
    { origin: 'http://evil.test', 'x-requested-with': 'XMLHttpRequest' },
    { 'sec-fetch-site': 'cross-site' },
    { 'x-forwarded-for': '::ffff:999.1.1.1, garbage' },
    { accept: 'application/xml' },
  ]);
}
