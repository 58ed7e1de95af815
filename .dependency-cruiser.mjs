// Dependency rules (issue 10), checked by `npm run lint:deps` (part of `npm run lint`, so CI fails
// on a violation). `scripts/dependency-rules/check.mjs` runs dependency-cruiser with this file and
// then looks for cycles between the top-level folders of apps/api/src, which dependency-cruiser's
// own module-level `circular` rule cannot see (a → b and b → c → a through different files).
//
// Type-only imports count (`tsPreCompilationDeps: true`): `import type` from a higher layer is as
// much a dependency on it as a value import.

import { API_LAYERS, AUTH_MAY_IMPORT } from './scripts/dependency-rules/layers.mjs';

const API = '^apps/api/src/';
const ALL_FOLDERS = API_LAYERS.flat();
const anyOf = (folders) => `${API}(${folders.join('|')})/`;

function layerRules() {
  return API_LAYERS.flatMap((layer, index) => {
    if (layer.includes('auth')) return [];
    const allowed = API_LAYERS.slice(0, index + 1).flat();
    return layer.map((folder) => ({
      name: `api-layers:${folder}`,
      severity: 'error',
      comment:
        `apps/api/src/${folder}/ may import only its own layer and the layers below it ` +
        `(${allowed.join(', ')}), never a higher folder or a top-level file (app.module.ts, ` +
        `entities.ts, …). See README "Layout" for the module map.`,
      from: { path: anyOf([folder]) },
      to: { path: API, pathNot: anyOf(allowed) },
    }));
  });
}

export default {
  forbidden: [
    ...layerRules(),
    {
      name: 'api-layers:auth',
      severity: 'error',
      comment:
        'auth/ imports only common/, config/, database/ and sessions/; it reaches staff and ' +
        'devices through the ports in auth/ports.ts, which the owning modules provide.',
      from: { path: anyOf(['auth']) },
      to: { path: API, pathNot: anyOf(AUTH_MAY_IMPORT) },
    },
    {
      name: 'api-folder-in-layer-map',
      severity: 'error',
      comment:
        'Every apps/api/src folder has a place in the layer map (API_LAYERS in ' +
        'scripts/dependency-rules/layers.mjs and the README module map): add a new folder to both.',
      from: { path: `${API}(?!(${ALL_FOLDERS.join('|')})/)[^/]+/` },
      to: {},
    },
    {
      name: 'no-controllers-below-auth',
      severity: 'error',
      comment:
        'L0 and L1 folders (common, config, database, sessions, throttle, mail, storage) hold no controllers.',
      from: { path: `${anyOf(API_LAYERS[0].concat(API_LAYERS[1]))}.*\\.controllers?\\.ts$` },
      to: {},
    },
    {
      name: 'portal-not-to-api',
      severity: 'error',
      comment:
        'The portal imports no API code: it talks to the API over HTTP and shares only the types ' +
        'in libs/contracts (@app/contracts).',
      from: { path: '^apps/portal/' },
      to: { path: '^apps/api/' },
    },
    {
      name: 'portal-core-no-feature',
      severity: 'error',
      comment:
        'apps/portal/src/app/core (interceptor, form-submit helper, formatters) is the portal floor: ' +
        'it imports no feature folder and no route file.',
      from: { path: '^apps/portal/src/app/core/' },
      to: { path: '^apps/portal/src/app/', pathNot: '^apps/portal/src/app/core/' },
    },
    {
      name: 'api-not-to-portal',
      severity: 'error',
      comment: 'The API imports no portal code; shared shapes live in libs/contracts.',
      from: { path: '^apps/api/' },
      to: { path: '^apps/portal/' },
    },
    {
      name: 'contracts-self-contained',
      severity: 'error',
      comment:
        'libs/contracts imports nothing but itself (no API, portal or npm code): both apps and ' +
        'the tests compile it as plain types.',
      from: { path: '^libs/contracts/' },
      to: { pathNot: '^libs/contracts/' },
    },
    {
      name: 'apps-not-to-tests',
      severity: 'error',
      comment: 'Product code never imports the test suites (test/) or the scripts.',
      from: { path: '^(apps|libs)/' },
      to: { path: '^(test|scripts|bench)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No module-level import cycles (folder-level cycles are checked by check.mjs). A pair of ' +
        'entities of one folder that name each other in a TypeORM relation is the one exception.',
      from: { path: '^(apps|libs)/' },
      to: { circular: true, via: { pathNot: '\\.entity\\.ts$' } },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that cannot be resolved would hide a dependency from these rules.',
      from: { path: '^(apps|libs)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|var|coverage|\\.angular)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
