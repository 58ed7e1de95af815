// Proof that the dependency rules can fail: `node --test scripts/dependency-rules/check.test.mjs`
// (run first by `npm run lint:deps`). A small tree written to a temporary directory breaks each
// rule once; the real configuration must name every break and accept the same tree without them.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkDependencies } from './check.mjs';
import { cyclicComponents, folderCycles, unitOf } from './folder-cycles.mjs';

const API = 'apps/api/src';

/** A tree that follows every rule: each layer imports only downwards, auth only its floor. */
const CLEAN = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      strict: true,
      baseUrl: '.',
      paths: { '@app/contracts': ['libs/contracts/src/index.ts'] },
    },
  }),
  'libs/contracts/src/index.ts': "export * from './tasks';\n",
  'libs/contracts/src/tasks.ts': 'export interface TaskView { id: string }\n',
  [`${API}/common/clock.ts`]: 'export class Clock { now(): Date { return new Date(); } }\n',
  [`${API}/config/app-config.ts`]:
    "import { Clock } from '../common/clock';\nexport const x = Clock;\n",
  [`${API}/database/columns.ts`]:
    "import { x } from '../config/app-config';\nexport const y = x;\n",
  [`${API}/sessions/session-tokens.service.ts`]:
    "import { Clock } from '../common/clock';\nexport class SessionTokensService { clock = new Clock(); }\n",
  [`${API}/auth/ports.ts`]:
    'export abstract class StaffDirectory { abstract findActive(id: string): Promise<string | null>; }\n',
  [`${API}/auth/access.guard.ts`]:
    "import { SessionTokensService } from '../sessions/session-tokens.service';\n" +
    "import { StaffDirectory } from './ports';\n" +
    'export class AccessGuard { constructor(readonly s: SessionTokensService, readonly d: StaffDirectory) {} }\n',
  [`${API}/staff/staff.service.ts`]:
    "import { StaffDirectory } from '../auth/ports';\n" +
    'export class StaffService extends StaffDirectory { findActive() { return Promise.resolve(null); } }\n',
  [`${API}/tasks/task.entity.ts`]:
    "import type { TaskRequest } from './task-request.entity';\nexport class Task { requests: TaskRequest[] = []; }\n",
  [`${API}/tasks/task-request.entity.ts`]:
    "import { Task } from './task.entity';\nexport class TaskRequest { task?: Task; }\n",
  [`${API}/tasks/tasks.service.ts`]:
    "import type { TaskView } from '@app/contracts';\nimport { Task } from './task.entity';\n" +
    'export class TasksService { view(t: Task): TaskView { return { id: String(t) }; } }\n',
  [`${API}/documents/documents.service.ts`]:
    "import { TasksService } from '../tasks/tasks.service';\nexport class DocumentsService { t?: TasksService; }\n",
  [`${API}/dispatches/dispatches.service.ts`]:
    "import { TasksService } from '../tasks/tasks.service';\nexport class DispatchesService { t?: TasksService; }\n",
  [`${API}/app.module.ts`]:
    "import { DispatchesService } from './dispatches/dispatches.service';\n" +
    "import { DocumentsService } from './documents/documents.service';\n" +
    'export const providers = [DispatchesService, DocumentsService];\n',
  'apps/portal/src/app/tasks/tasks.service.ts':
    "import type { TaskView } from '@app/contracts';\nexport const none: TaskView[] = [];\n",
};

/** One break per rule, each added to the clean tree (type-only imports count too). */
const BREAKS = {
  'api-layers:common': {
    [`${API}/common/dto-fields.ts`]:
      "import type { StaffService } from '../staff/staff.service';\nexport type S = StaffService;\n",
  },
  'api-layers:database': {
    [`${API}/database/entities.ts`]:
      "import { Task } from '../tasks/task.entity';\nexport const all = [Task];\n",
  },
  'api-layers:auth': {
    [`${API}/auth/client-authenticator.ts`]:
      "import { StaffService } from '../staff/staff.service';\nexport const s = StaffService;\n",
  },
  'api-layers:sessions': {
    [`${API}/sessions/client-sessions.ts`]:
      "import type { AccessGuard } from '../auth/access.guard';\nexport type G = AccessGuard;\n",
  },
  'api-layers:tasks': {
    [`${API}/tasks/task-views.ts`]:
      "import { DocumentsService } from '../documents/documents.service';\nexport const d = DocumentsService;\n",
  },
  'api-layers:staff': {
    [`${API}/staff/uses-app.ts`]:
      "import { providers } from '../app.module';\nexport const p = providers;\n",
  },
  'api-folder-in-layer-map': {
    [`${API}/unmapped/unmapped.service.ts`]:
      "import { Clock } from '../common/clock';\nexport const c = Clock;\n",
  },
  'no-controllers-below-auth': {
    [`${API}/mail/outbox.controller.ts`]:
      "import { Clock } from '../common/clock';\nexport const c = Clock;\n",
  },
  'portal-not-to-api': {
    'apps/portal/src/app/clock.ts':
      "import type { Clock } from '../../../api/src/common/clock';\nexport type C = Clock;\n",
  },
  'portal-core-no-feature': {
    'apps/portal/src/app/core/wait.ts':
      "import type { TaskView } from '@app/contracts';\nimport { none } from '../tasks/tasks.service';\n" +
      'export const w: TaskView[] = none;\n',
  },
  'api-not-to-portal': {
    [`${API}/common/portal.ts`]:
      "import { none } from '../../../portal/src/app/tasks/tasks.service';\nexport const n = none;\n",
  },
  'contracts-self-contained': {
    'libs/contracts/src/health.ts':
      "import type { Clock } from '../../../apps/api/src/common/clock';\nexport type C = Clock;\n",
  },
  'apps-not-to-tests': {
    'test/support/app.ts': 'export const app = 1;\n',
    [`${API}/common/uses-test.ts`]:
      "import { app } from '../../../../test/support/app';\nexport const a = app;\n",
  },
  'no-circular': {
    [`${API}/common/a.ts`]: "import { b } from './b';\nexport const a = () => b;\n",
    [`${API}/common/b.ts`]: "import { a } from './a';\nexport const b = () => a;\n",
  },
  'not-to-unresolvable': {
    [`${API}/common/lost.ts`]: "import { gone } from './moved-away';\nexport const g = gone;\n",
  },
};

/** Two same-layer folders importing each other through different files: no module cycle. */
const FOLDER_CYCLE = {
  [`${API}/links/link-state.ts`]: "export const linkState = () => 'open';\n",
  [`${API}/links/links.service.ts`]:
    "import type { PinService } from '../pin/pin.service';\nexport class LinksService { p?: PinService; }\n",
  [`${API}/pin/pin.service.ts`]: 'export class PinService {}\n',
  [`${API}/pin/pin-mail.ts`]:
    "import { linkState } from '../links/link-state';\nexport const s = linkState;\n",
};

const made = [];
function tree(...parts) {
  const base = mkdtempSync(join(tmpdir(), 'dependency-rules-'));
  made.push(base);
  for (const [file, text] of Object.entries(Object.assign({}, ...parts))) {
    mkdirSync(dirname(join(base, file)), { recursive: true });
    writeFileSync(join(base, file), text);
  }
  return base;
}
after(() => made.forEach((base) => rmSync(base, { recursive: true, force: true })));

describe('the dependency rules', () => {
  it('accept a tree that keeps every rule (aliases, type imports, entity pairs, ports)', async () => {
    const report = await checkDependencies({ baseDir: tree(CLEAN) });
    assert.deepEqual(report.violations, []);
    assert.deepEqual(report.cycles, []);
    assert.equal(report.ok, true);
    const api = report.graphs.get('apps/api/src/');
    assert.deepEqual([...api.get('auth').keys()].sort(), ['sessions']);
    assert.deepEqual([...api.get('app.module.ts').keys()].sort(), ['dispatches', 'documents']);
  });

  for (const [rule, files] of Object.entries(BREAKS)) {
    it(`reject a break of ${rule}`, async () => {
      const report = await checkDependencies({ baseDir: tree(CLEAN, files) });
      assert.equal(report.ok, false);
      const broken = new Set(report.violations.map((violation) => violation.rule));
      assert.ok(broken.has(rule), `expected ${rule}, got ${[...broken].join(', ') || 'nothing'}`);
      const added = new Set(Object.keys(files));
      for (const violation of report.violations) {
        assert.ok(
          added.has(violation.from),
          `${violation.rule} blamed ${violation.from}, a clean file`,
        );
      }
    });
  }

  it('reject a cycle between two portal feature folders', async () => {
    const report = await checkDependencies({
      baseDir: tree(CLEAN, {
        'apps/portal/src/app/pin/pin.ts':
          "import { none } from '../tasks/tasks.service';\nexport const p = none;\n",
        'apps/portal/src/app/tasks/uses-pin.ts':
          "import { p } from '../pin/pin';\nexport const u = p;\n",
      }),
    });
    assert.deepEqual(report.violations, []);
    assert.deepEqual(
      report.cycles.map(({ root, units }) => ({ root, units })),
      [{ root: 'apps/portal/src/app/', units: ['pin', 'tasks'] }],
    );
  });

  it('reject a cycle between two folders that no single module closes', async () => {
    const report = await checkDependencies({ baseDir: tree(CLEAN, FOLDER_CYCLE) });
    assert.deepEqual(report.violations, []);
    assert.equal(report.ok, false);
    assert.deepEqual(
      report.cycles.map(({ root, units }) => ({ root, units })),
      [{ root: 'apps/api/src/', units: ['links', 'pin'] }],
    );
    assert.equal(report.cycles[0].imports.length, 2);
  });
});

describe('folder cycles', () => {
  it('name the top-level unit of a path under a root', () => {
    assert.equal(unitOf('apps/api/src/tasks/dto/x.ts', 'apps/api/src/'), 'tasks');
    assert.equal(unitOf('apps/api/src/main.ts', 'apps/api/src/'), 'main.ts');
    assert.equal(unitOf('libs/contracts/src/index.ts', 'apps/api/src/'), null);
  });

  it('find every strongly connected component of more than one node', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', ['e']],
      ['e', ['d']],
      ['f', ['a']],
      ['g', []],
    ]);
    assert.deepEqual(cyclicComponents(graph), [
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
  });

  it('collapse modules to folders, ignore imports inside a folder, list the upward imports', () => {
    const modules = [
      { source: 'r/low/a.ts', dependencies: [{ resolved: 'r/low/b.ts' }] },
      { source: 'r/low/b.ts', dependencies: [{ resolved: 'r/high/c.ts' }] },
      { source: 'r/high/c.ts', dependencies: [{ resolved: 'r/low/a.ts' }, { resolved: 'x/y.ts' }] },
    ];
    const rank = (unit) => ({ low: 0, high: 1 })[unit];
    assert.deepEqual(folderCycles(modules, 'r/', rank), [
      { units: ['high', 'low'], imports: ['low → high (e.g. r/low/b.ts → r/high/c.ts)'] },
    ]);
    const downOnly = [
      modules[0],
      { source: 'r/high/c.ts', dependencies: [{ resolved: 'r/low/a.ts' }] },
    ];
    assert.deepEqual(folderCycles(downOnly, 'r/', rank), []);
  });
});
