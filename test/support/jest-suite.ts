// What every jest suite under test/ shares: TypeScript through ts-jest with test/tsconfig.json,
// the contracts alias, node environment. Each suite's config adds its name, files and limits.
import { join, resolve } from 'node:path';
import type { Config } from 'jest';

export const rootDir = resolve(__dirname, '../..');

export function suiteConfig(suite: Config): Config {
  return {
    rootDir,
    testEnvironment: 'node',
    moduleFileExtensions: ['ts', 'js', 'json'],
    transform: {
      '^.+\\.ts$': [
        'ts-jest',
        { tsconfig: join(rootDir, 'test/tsconfig.json'), isolatedModules: true },
      ],
    },
    moduleNameMapper: {
      '^@app/contracts$': '<rootDir>/libs/contracts/src/index.ts',
    },
    ...suite,
  };
}
