import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { REPO_ROOT, TS_NODE_ARGS, TS_NODE_ENV, run } from './support/spawn';

jest.setTimeout(120_000);

const MAIN = 'apps/api/src/main.ts';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

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
    const child = spawn('node', [...TS_NODE_ARGS, MAIN], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...TS_NODE_ENV,
        EVENT_STORE: 'memory',
        PORT: String(port),
        JWT_SECRET: 'boot-test-secret-0123456789-abcdefghij',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    try {
      const deadline = Date.now() + 60_000;
      while (!output.includes('API listening') && Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`main.ts exited early:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', eventStore: { store: 'memory', reachable: true } });
      const firstLine = JSON.parse(output.split('\n')[0] ?? '{}') as Record<string, unknown>;
      expect(firstLine).toMatchObject({ level: 'info', service: 'api' });
    } finally {
      child.kill('SIGTERM');
    }
    // Nest closes the app, then re-raises the signal to end the process.
    const { code, signal } = await exited;
    expect(code === 0 || signal === 'SIGTERM').toBe(true);
    expect(output).toContain('Closed the event store');
  });
});
