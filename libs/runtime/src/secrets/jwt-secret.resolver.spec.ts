import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppConfig } from '@app/config';
import { loadOrCreateSecretFile, resolveJwtKeySources } from './jwt-secret.resolver';

describe('resolveJwtKeySources', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jwt-secret-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('in embedded mode (no JWT_SECRET, no JWKS_URL)', () => {
    it('generates a secret next to the SQLite file, readable by the owner only', async () => {
      const config = loadAppConfig({ SQLITE_PATH: join(dir, 'db', 'events.db') });
      const keys = await resolveJwtKeySources(config);

      const file = join(dir, 'db', 'jwt-secret');
      expect(keys.secret).toMatchObject({ origin: 'embedded', file, created: true });
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await readFile(file, 'utf8')).trim().length).toBeGreaterThanOrEqual(32);
    });

    it('reuses the secret on later boots', async () => {
      const config = loadAppConfig({ SQLITE_PATH: join(dir, 'events.db') });
      const first = await resolveJwtKeySources(config);
      const second = await resolveJwtKeySources(config);
      expect(second.secret).toMatchObject({ origin: 'embedded', created: false });
      expect(Buffer.from(second.secret!.key).equals(Buffer.from(first.secret!.key))).toBe(true);
    });

    it('agrees on one secret when two processes start together', async () => {
      const file = join(dir, 'jwt-secret');
      const results = await Promise.all([loadOrCreateSecretFile(file), loadOrCreateSecretFile(file)]);
      expect(results[0].secret).toBe(results[1].secret);
    });

    it('refuses a secret file that is too short', async () => {
      await writeFile(join(dir, 'jwt-secret'), 'short\n');
      const config = loadAppConfig({ SQLITE_PATH: join(dir, 'events.db') });
      await expect(resolveJwtKeySources(config)).rejects.toThrow(/shorter than 32 characters/);
    });
  });

  it('uses JWT_SECRET and writes no file when it is set', async () => {
    const config = loadAppConfig({ SQLITE_PATH: join(dir, 'events.db'), JWT_SECRET: 's'.repeat(40) });
    const keys = await resolveJwtKeySources(config);
    expect(keys.secret).toMatchObject({ origin: 'JWT_SECRET' });
    await expect(stat(join(dir, 'jwt-secret'))).rejects.toThrow();
  });

  it('uses only the JWKS when JWKS_URL is set without a secret', async () => {
    const config = loadAppConfig({ SQLITE_PATH: join(dir, 'events.db'), JWKS_URL: 'https://id.example.com/jwks.json' });
    const keys = await resolveJwtKeySources(config);
    expect(keys.secret).toBeUndefined();
    expect(keys.jwksUrl?.href).toBe('https://id.example.com/jwks.json');
  });
});
