// Issue 15 item 2: which API e2e specs (test/api) run through HAProxy on the Galera cluster
// (`npm run test:cluster:e2e`, E2E_TARGET=cluster: test/cluster/e2e-target.ts), and why the
// others do not. A spec runs through the cluster unchanged, or not at all; `skip` names a
// describe or test that is left out (reported as skipped) with its reason. `ci: true` marks the
// smaller set `npm run test:cluster:ci` (part of `npm test`) runs after the cluster specs: the
// authorization matrix and deny-by-default (every route, every identity), a spec that moves the
// clock (links-faq) and the client-creation race; the redemption race and the dispatch flow are
// the cluster specs' own (20-races, 10-flows).

import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface ClusterE2eSpec {
  /** File name in test/api without `.e2e-spec.ts`. */
  name: string;
  ci: boolean;
  /** Describe or test name (exact) → why it cannot run through the cluster. */
  skip?: Record<string, string>;
  /**
   * The spec walks the app's route table (appRoutes): `t.app.get(DiscoveryService)` reads it from
   * the same AppModule built with the instances' env in Nest's preview mode (metadata only:
   * nothing instantiated, no connection); the instances then run without the test clock, as
   * the in-process app does, so the table matches what they mount.
   */
  routeTable?: boolean;
}

export const THROUGH_CLUSTER: ClusterE2eSpec[] = [
  { name: 'access-links', ci: false },
  { name: 'admin-bad-input', ci: false },
  { name: 'authorization-matrix', ci: true },
  { name: 'bad-input-answers-4xx', ci: false },
  { name: 'bound-access-links', ci: false },
  { name: 'client-completes-a-task', ci: false },
  { name: 'client-login', ci: false },
  { name: 'csrf', ci: false },
  { name: 'deny-by-default', ci: true, routeTable: true },
  { name: 'device-trust', ci: false },
  { name: 'dispatch-to-client', ci: false },
  {
    name: 'document-upload-bad-input',
    ci: false,
    skip: {
      'an upload aborted half-way leaves neither a row nor a file':
        "opens its own socket on the in-process app's server (t.http.listen)",
    },
  },
  { name: 'health-and-docs', ci: false },
  {
    name: 'legacy-pin',
    ci: false,
    skip: {
      'an unknown reference gets the same answer as a wrong PIN (both sides compared)':
        "compares every header, and HAProxy's X-Served-By names whichever instance answered",
    },
  },
  { name: 'link-expiry', ci: false },
  { name: 'link-page', ci: false },
  { name: 'link-withdrawal', ci: false },
  { name: 'links-faq', ci: true },
  { name: 'login-throttle', ci: false },
  { name: 'mail-outbox', ci: false },
  { name: 'my-devices-and-sessions', ci: false },
  { name: 'single-use-race', ci: false },
  {
    name: 'staff-accounts',
    ci: false,
    skip: {
      'npm run staff:create-admin':
        'points the app at a SQLite file the CLI wrote (DATABASE_URL), not at the cluster',
    },
  },
  { name: 'staff-manage-clients-and-tasks', ci: true },
  { name: 'storage-s3', ci: false },
  { name: 'task-dashboard-paging', ci: false },
];

/** Spec → the one-line reason it does not run through the cluster. */
export const NOT_THROUGH_CLUSTER: Record<string, string> = {
  'document-upload-stream-faults':
    "writes faulty bytes on a raw socket to the app's own server (listenLocally); through HAProxy the proxy, not the app, meets the fault",
  harness: 'tests the in-process harness itself (its MariaDB server and SMTP catcher)',
  'hot-path-statements':
    "catches every statement with a TypeORM logger on the app's own data source, in its process",
  'hot-lane':
    "builds a second in-process app with HOT_LANE=false and reads the lane's count in the app's process",
  'mail-outbox-never-lost':
    "spies on the app's process and calls MailService in it (jest.spyOn, t.app.get(MailService))",
  'mail-outbox-two-instances':
    'builds two in-process apps and drives their OutboxWorker (the cluster form is 30-jobs-once)',
  'outbox-poll-uses-index':
    "catches the outbox poll's statement with a TypeORM logger on the app's own data source",
  'parallel-guesses':
    "counts argon2.verify calls with jest.spyOn inside the app's process (the cluster form is 20-races)",
  purge: 'runs PurgeJob ticks in two in-process apps (the cluster form is 30-jobs-once)',
  'purge-partitions':
    "runs PurgeJob passes in the app's process with the test clock and holds the table from a connection of its own (the cluster form is 30-jobs-once)",
  'purge-command':
    "runs the purge command's functions and the app's jobs in the spec's own process (t.app.close)",
  'reminders-schedule': "drives ReminderJob ticks in the app's process (t.app.get(ReminderJob))",
  'reminders-stop-rules-and-links':
    "drives ReminderJob ticks in the app's process (t.app.get(ReminderJob))",
  'reminders-two-instances': 'builds two in-process apps and drives their ReminderJob',
  'same-answer': "counts argon2.verify calls with jest.spyOn inside the app's process",
  schema: 'checks migrations on databases of its own, not through the app',
  'upload-faults-on-s3':
    "writes faulty bytes on a raw socket to the app's own server (listenLocally); through HAProxy the proxy, not the app, meets the fault",
  'upload-process-survives': 'starts and kills an API process of its own',
};

export type ClusterE2eSet = 'all' | 'ci';

/** The specs of a set, by name. */
export function clusterE2eSpecs(set: ClusterE2eSet): ClusterE2eSpec[] {
  return THROUGH_CLUSTER.filter((spec) => set === 'all' || spec.ci);
}

export function clusterE2eSpec(name: string): ClusterE2eSpec | undefined {
  return THROUGH_CLUSTER.find((spec) => spec.name === name);
}

/** test/api specs in neither list (a new spec): not run through the cluster until listed. */
export function unclassifiedE2eSpecs(): string[] {
  return readdirSync(join(__dirname, '../api'))
    .filter((file) => file.endsWith('.e2e-spec.ts'))
    .map((file) => file.replace(/\.e2e-spec\.ts$/, ''))
    .filter((name) => !clusterE2eSpec(name) && !(name in NOT_THROUGH_CLUSTER));
}
