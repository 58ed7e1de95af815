import type { Config } from 'jest';

// Unit tests for the Angular portal: jsdom, zoneless TestBed (see src/test-setup.ts).
const config: Config = {
  displayName: 'portal',
  preset: 'jest-preset-angular',
  // The preset names plain "jsdom"; jest-preset-angular ships its own jsdom environment,
  // so the separate jest-environment-jsdom package is not needed.
  testEnvironment: 'jest-preset-angular/environments/jest-jsdom-env',
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  moduleNameMapper: {
    '^@app/contracts$': '<rootDir>/../../libs/contracts/src/index.ts',
  },
  transform: {
    '^.+\\.(ts|js|mjs|html|svg)$': [
      'jest-preset-angular',
      { tsconfig: '<rootDir>/tsconfig.spec.json', stringifyContentPathRegex: '\\.(html|svg)$' },
    ],
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

export default config;
