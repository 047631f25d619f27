import { PROJECTIONS } from '@app/read-models/projections';
import { TS_NODE_ARGS, TS_NODE_ENV, freePort, run, startTsNode } from './support/spawn';

jest.setTimeout(120_000);

const MAIN = 'apps/api/src/main.ts';

describe('booting apps/api/src/main.ts (e2e)', () => {
  it('stops with exit code 1 and a message naming EVENT_STORE when it is invalid', async () => {
    const result = await run('node', [...TS_NODE_ARGS, MAIN], { ...TS_NODE_ENV, EVENT_STORE: 'mysql' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Invalid configuration: EVENT_STORE must be one of sqlite, postgres, kurrentdb, memory (got "mysql")',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses postgres without JWT_SECRET or JWKS_URL, naming JWT_SECRET', async () => {
    const result = await run('node', [...TS_NODE_ARGS, MAIN], {
      ...TS_NODE_ENV,
      EVENT_STORE: 'postgres',
      DATABASE_URL: 'postgres://127.0.0.1:5432/labels',
      JWT_SECRET: '',
      JWKS_URL: '',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('JWT_SECRET is required when EVENT_STORE=postgres');
  });

  it('boots on the memory store, answers /health, and stops on SIGTERM', async () => {
    const port = await freePort();
    const api = startTsNode(MAIN, {
      EVENT_STORE: 'memory',
      PORT: String(port),
      JWT_SECRET: 'boot-test-secret-0123456789-abcdefghij',
    });
    try {
      await api.waitForOutput('API listening');
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        status: 'ok',
        eventStore: { store: 'memory', reachable: true },
        readModels: { store: 'memory', reachable: true },
        projections: PROJECTIONS.map(({ name }) => ({ name, generation: 1 })),
      });
      const firstLine = JSON.parse(api.output().split('\n')[0] ?? '{}') as Record<string, unknown>;
      expect(firstLine).toMatchObject({ level: 'info', service: 'api' });
    } finally {
      api.child.kill('SIGTERM');
    }
    // Nest closes the app, then re-raises the signal to end the process.
    const { code, signal } = await api.exited;
    expect(code === 0 || signal === 'SIGTERM').toBe(true);
    expect(api.output()).toContain('Closed the event store');
  });
});
