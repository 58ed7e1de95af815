// setupFilesAfterEnv of the cluster suite: in an API e2e spec run through the cluster, the
// describes and tests that test/cluster/e2e-specs.ts lists in `skip` are declared as skipped
// (jest reports them so), each with its reason in the name; everything else runs unchanged.
import { basename } from 'node:path';
import { clusterE2eSpec } from './e2e-specs';

const testPath = expect.getState().testPath ?? '';
const skip = testPath.endsWith('.e2e-spec.ts')
  ? clusterE2eSpec(basename(testPath, '.e2e-spec.ts'))?.skip
  : undefined;

type Declare = (name: string, ...rest: unknown[]) => unknown;
type Declarer = Declare & { skip: Declare };

function skipping<T extends Declarer>(declare: T, reasons: Record<string, string>): T {
  const wrapped = ((name: string, ...rest: unknown[]) =>
    name in reasons
      ? declare.skip(`${name} [not through the cluster: ${reasons[name]}]`, ...rest)
      : declare(name, ...rest)) as T;
  return Object.assign(wrapped, declare);
}

if (skip) {
  const globals = globalThis as unknown as Record<'describe' | 'it' | 'test', Declarer>;
  for (const name of ['describe', 'it', 'test'] as const) {
    globals[name] = skipping(globals[name], skip);
  }
}
