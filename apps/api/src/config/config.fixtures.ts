// For the configuration unit specs (excluded from the build, like every *.fixtures.ts).
import { ConfigError, loadConfig } from './app-config';

/**
 * The problems `loadConfig` names for `env`. Anything else it throws is rethrown, and a
 * configuration it accepts fails the test: the specs that call this expect a refusal.
 */
export function configProblems(env: Parameters<typeof loadConfig>[0], cwd: string): string[] {
  try {
    loadConfig(env, cwd);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}
