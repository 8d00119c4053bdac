/** Two projects: fast unit specs beside the code, and e2e specs against real PostgreSQL, Redis and SMTP. */
const moduleNameMapper = {
  '^@app/(config|database|queue|incidents|channels|templates|testing|observability)$': '<rootDir>/libs/$1/src',
  '^@app/(config|database|queue|incidents|channels|templates|testing|observability)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
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
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/support/setup-e2e.ts'], slowTestThreshold: 30 },
  ],
};
