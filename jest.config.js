/**
 * Three projects: pure unit specs beside the code (no database, Redis or socket), medium specs in
 * test/medium against a real PostgreSQL, Redis or local server, and e2e specs that run the apps.
 */
/** `@app/<lib>` is libs/<lib>/src: a new lib needs no entry here (deep imports are refused by the lint). */
const moduleNameMapper = { '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src' };
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
const common = {
  rootDir: __dirname,
  // Built trees (the apps, benchmarked commits) hold copies of package.json and the sources.
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/dist-bench/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
  moduleNameMapper,
  transform,
};

module.exports = {
  maxWorkers: 2,
  // Only bounds a failure (jest reads it for every project): some unit specs talk to Redis and SMTP, which
  // a busy machine slows many times over. The e2e setup raises it further.
  testTimeout: 120_000,
  reporters: ['default', '<rootDir>/scripts/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'] },
    { ...common, displayName: 'medium', testMatch: ['<rootDir>/test/medium/**/*.medium-spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/medium/setup-medium.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/support/setup-e2e.ts'], slowTestThreshold: 30 },
  ],
};
