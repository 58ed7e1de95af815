// `npm run lint:deps`: the dependency rules of issue 10.
//   1. dependency-cruiser with .dependency-cruiser.mjs (layers of apps/api/src, auth only through
//      its ports, portal ↛ API, libs/contracts self-contained, no module cycles);
//   2. no cycle between the top-level folders of apps/api/src, nor of apps/portal/src/app
//      (folder-cycles.mjs).
// Exit code 1 on any violation. `--map` also prints which folder imports which (for the README).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cruise, format } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { folderCycles, unitGraph } from './folder-cycles.mjs';
import { API_LAYERS } from './layers.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CONFIG_FILE = join(REPO, '.dependency-cruiser.mjs');
/** What is cruised (relative to the base directory). */
export const SOURCES = ['apps', 'libs'];
/** Roots whose top-level folders (and files) must not form a cycle. */
export const FOLDER_ROOTS = ['apps/api/src/', 'apps/portal/src/app/'];

const LAYER_OF = new Map(API_LAYERS.flatMap((layer, index) => layer.map((unit) => [unit, index])));
/** Layer of an apps/api/src unit; top-level files (app.module.ts, …) sit above every folder. */
const apiRank = (unit) => (unit.endsWith('.ts') ? API_LAYERS.length : LAYER_OF.get(unit));
/** Portal: core/ is the floor, features above it, the app's top-level files (routes) on top. */
const portalRank = (unit) => (unit === 'core' ? 0 : unit.endsWith('.ts') ? 2 : 1);
const RANKS = { 'apps/api/src/': apiRank, 'apps/portal/src/app/': portalRank };

/**
 * Runs every rule on the tree at `baseDir` (the repository by default).
 * @param {{ baseDir?: string }} [options]
 * @returns {Promise<{ ok: boolean, violations: Array<{ rule: string, from: string, to: string }>,
 *   cycles: Array<{ root: string, units: string[], imports: string[] }>,
 *   graphs: Map<string, Map<string, Map<string, string>>>, moduleReport: string }>}
 */
export async function checkDependencies({ baseDir = REPO } = {}) {
  const options = await extractDepcruiseOptions(CONFIG_FILE);
  const tsConfigFile = join(baseDir, 'tsconfig.json');
  const hasTsConfig = existsSync(tsConfigFile);
  options.ruleSet.options = {
    ...options.ruleSet.options,
    baseDir,
    tsConfig: hasTsConfig ? { fileName: tsConfigFile } : undefined,
  };
  Object.assign(options, options.ruleSet.options);
  const sources = SOURCES.filter((source) => existsSync(join(baseDir, source)));
  const { output: result } = await cruise(sources, options, undefined, {
    tsConfig: hasTsConfig ? extractTSConfig(tsConfigFile) : undefined,
  });
  if (typeof result === 'string') throw new Error('dependency-cruiser returned text, not a result');

  const violations = result.summary.violations
    .filter((violation) => violation.rule.severity === 'error')
    .map((violation) => ({ rule: violation.rule.name, from: violation.from, to: violation.to }));
  const { output: list } = await format(result, { outputType: 'err' });
  const why = [...new Set(violations.map((violation) => violation.rule))].map((name) => {
    const rule = options.ruleSet.forbidden.find((candidate) => candidate.name === name);
    return `  ${name}: ${rule?.comment ?? ''}\n`;
  });
  const moduleReport = `${String(list)}\n${why.length ? `Why:\n${why.join('')}` : ''}`;
  const graphs = new Map();
  const cycles = FOLDER_ROOTS.flatMap((root) => {
    graphs.set(root, unitGraph(result.modules, root));
    return folderCycles(result.modules, root, RANKS[root]).map((cycle) => ({ root, ...cycle }));
  });
  return {
    ok: violations.length === 0 && cycles.length === 0,
    violations,
    cycles,
    graphs,
    moduleReport,
  };
}

function printMap(graphs) {
  for (const [root, graph] of graphs) {
    process.stdout.write(`\nWho imports whom under ${root}:\n`);
    for (const unit of [...graph.keys()].sort()) {
      const imports = [...graph.get(unit).keys()].sort();
      process.stdout.write(`  ${unit} → ${imports.length ? imports.join(', ') : '(nothing)'}\n`);
    }
  }
}

async function main() {
  const started = Date.now();
  const report = await checkDependencies();
  if (process.argv.includes('--map')) printMap(report.graphs);
  if (report.violations.length > 0) process.stdout.write(report.moduleReport);
  for (const cycle of report.cycles) {
    process.stdout.write(
      `\n  error folder-cycle: ${cycle.root}{${cycle.units.join(', ')}} import each other; ` +
        'the imports that do not point down the layer map:\n' +
        cycle.imports.map((line) => `      ${line}\n`).join(''),
    );
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (report.ok) {
    process.stdout.write(`✔ dependency rules: no violations, no folder cycles (${seconds}s)\n`);
    return;
  }
  process.stdout.write(
    `\n✘ dependency rules: ${report.violations.length} import(s) break a rule, ` +
      `${report.cycles.length} folder cycle(s) (${seconds}s). ` +
      'The layer map is in scripts/dependency-rules/layers.mjs and README "Layout".\n',
  );
  process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 2;
  });
}
