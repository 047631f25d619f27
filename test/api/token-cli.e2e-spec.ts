import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/app.factory';
import { loadAppConfig } from '@app/config';
import { run } from './support/spawn';
import { TEST_SECRET, bootTestApp, expectHubSpotError } from './support/test-app';

jest.setTimeout(120_000);

const TOKEN_CLI = ['ts-node', '-r', 'tsconfig-paths/register', '--transpile-only', 'apps/api/src/cli/token.cli.ts'];
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

describe('token CLI (e2e)', () => {
  it('prints a token the server accepts, with the claims asked for', async () => {
    const result = await run(
      'npx',
      [
        ...TOKEN_CLI,
        '--account',
        '42',
        '--role',
        'super_admin',
        '--role',
        'auditor',
        '--user',
        'u1',
        '--expires',
        '1h',
      ],
      { JWT_SECRET: TEST_SECRET },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const token = result.stdout.trim();
    expect(token).toMatch(JWT);

    const app = await bootTestApp();
    try {
      const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toEqual({ userId: 'u1', accountId: '42', roles: ['super_admin', 'auditor'] });
      const ping = await app.inject({
        method: 'GET',
        url: '/api/v1/admin/ping',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(ping.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('shares the embedded secret with the server when JWT_SECRET is not set', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'token-cli-'));
    const sqlitePath = join(dir, 'events.db');
    try {
      const result = await run('npx', [...TOKEN_CLI, '--account', '7', '--role', 'user'], {
        SQLITE_PATH: sqlitePath,
        JWT_SECRET: '',
      });
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(join(dir, 'jwt-secret'));
      const token = result.stdout.trim();

      // The server boots later on the same data directory and finds the same secret.
      const app = await createApp(
        loadAppConfig({ EVENT_STORE: 'memory', SQLITE_PATH: sqlitePath, LOG_LEVEL: 'silent' }),
      );
      try {
        const me = await app.inject({
          method: 'GET',
          url: '/api/v1/me',
          headers: { authorization: `Bearer ${token}` },
        });
        expect(me.statusCode).toBe(200);
        expect(me.json()).toEqual({ userId: 'local-user', accountId: '7', roles: ['user'] });
        const admin = await app.inject({
          method: 'GET',
          url: '/api/v1/admin/ping',
          headers: { authorization: `Bearer ${token}` },
        });
        expectHubSpotError(admin, 403, 'MISSING_SCOPES');
      } finally {
        await app.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown role, naming it', async () => {
    const result = await run('npx', [...TOKEN_CLI, '--account', '1', '--role', 'root'], { JWT_SECRET: TEST_SECRET });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("argument 'root' is invalid");
  });
});
