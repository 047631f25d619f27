/**
 * Test tiers by file name (STYLE.md §9): `*.spec.ts` pure, `*.int-spec.ts` real stores, `test/**\/*.e2e-spec.ts` HTTP.
 * Suites whose file name contains `postgres` or `redis` need that service; `kurrentdb` suites need KURRENTDB_URL.
 * A service that cannot be reached fails the run under CI=true and is left out (with a warning) otherwise.
 */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');
const { reachable, hostPort } = require('./test/services');

const base = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  rootDir: __dirname,
};

module.exports = async () => {
  const ci = process.env.CI === 'true';
  const services = {
    postgres: hostPort(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test', 5432),
    redis: hostPort(process.env.REDIS_URL || 'redis://127.0.0.1:6379', 6379),
  };
  const ignored = ['/node_modules/', '/dist/'];
  for (const [name, [host, port]] of Object.entries(services)) {
    if (await reachable(host, port)) continue;
    if (ci)
      throw new Error(`${name} at ${host}:${port} is unreachable and CI=true: its suites must run, so the run fails`);
    process.stderr.write(`\n!! ${name} at ${host}:${port} is unreachable: its suites are left out of this run\n\n`);
    ignored.push(`${name}[^/]*\\.(int|e2e)-spec\\.ts$`);
  }
  if (!process.env.KURRENTDB_URL) ignored.push('kurrentdb[^/]*\\.int-spec\\.ts$');

  const project = (displayName, testMatch) => ({ ...base, displayName, testMatch, testPathIgnorePatterns: ignored });
  return {
    projects: [
      project('unit', ['<rootDir>/{apps,libs}/**/*.spec.ts']),
      project('integration', ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts']),
      project('e2e', ['<rootDir>/test/**/*.e2e-spec.ts']),
    ],
  };
};
