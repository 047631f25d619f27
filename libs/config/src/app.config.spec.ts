import { ConfigValidationError, loadAppConfig } from './app.config';

const SECRET = 'x'.repeat(32);

function problemsOf(env: Record<string, string | undefined>): string {
  try {
    loadAppConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.message;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('loadAppConfig', () => {
  describe('when the environment is empty', () => {
    it('uses the embedded defaults', () => {
      const config = loadAppConfig({});
      expect(config).toMatchObject({
        PORT: 3000,
        EVENT_STORE: 'sqlite',
        SQLITE_PATH: './data/events.db',
        LOG_LEVEL: 'info',
        READ_MODELS: 'sqlite',
        PROJECTIONS: 'inline',
        READ_YOUR_WRITES_TIMEOUT_MS: 5000,
        PROJECTOR_PORT: 3001,
        BATCH_MAX_INPUTS: 1000,
      });
      expect(config.JWT_SECRET).toBeUndefined();
      expect(config.eventStoreConfig()).toEqual({ kind: 'sqlite', sqlitePath: './data/events.db' });
      expect(config.SQLITE_CACHE_MB).toBeUndefined();
      expect(config.embeddedSecretPath()).toMatch(/data[\\/]jwt-secret$/);
    });

    it('treats empty strings as unset', () => {
      expect(loadAppConfig({ PORT: '', EVENT_STORE: '  ' })).toMatchObject({ PORT: 3000, EVENT_STORE: 'sqlite' });
    });

    it('ignores variables it does not know', () => {
      expect(() => loadAppConfig({ HOME: '/root', PATH: '/bin' })).not.toThrow();
    });
  });

  describe('PORT', () => {
    it('accepts 1 to 65535', () => {
      expect(loadAppConfig({ PORT: '1' }).PORT).toBe(1);
      expect(loadAppConfig({ PORT: '65535' }).PORT).toBe(65535);
    });

    it.each(['0', '65536', 'abc', '80.5', '-1'])('rejects %p', (port) => {
      expect(problemsOf({ PORT: port })).toBe(
        `Invalid configuration: PORT must be an integer from 1 to 65535 (got "${port}")`,
      );
    });
  });

  describe('EVENT_STORE', () => {
    it('rejects an unknown store, naming the variable and the value', () => {
      expect(problemsOf({ EVENT_STORE: 'mysql' })).toBe(
        'Invalid configuration: EVENT_STORE must be one of sqlite, postgres, kurrentdb, memory (got "mysql")',
      );
    });

    it('requires DATABASE_URL for postgres', () => {
      expect(problemsOf({ EVENT_STORE: 'postgres', JWT_SECRET: SECRET })).toBe(
        'Invalid configuration: DATABASE_URL is required when EVENT_STORE=postgres',
      );
    });

    it('requires KURRENTDB_URL for kurrentdb', () => {
      expect(problemsOf({ EVENT_STORE: 'kurrentdb', JWT_SECRET: SECRET })).toBe(
        'Invalid configuration: KURRENTDB_URL is required when EVENT_STORE=kurrentdb',
      );
    });

    it('accepts postgres with a URL and a secret', () => {
      const config = loadAppConfig({
        EVENT_STORE: 'postgres',
        DATABASE_URL: 'postgres://app:pw@127.0.0.1:5432/labels',
        JWT_SECRET: SECRET,
      });
      expect(config.eventStoreConfig()).toMatchObject({
        kind: 'postgres',
        databaseUrl: 'postgres://app:pw@127.0.0.1:5432/labels',
      });
    });

    it('never echoes a URL that may carry a password', () => {
      const message = problemsOf({
        EVENT_STORE: 'postgres',
        DATABASE_URL: 'mysql://u:hunter2@h/db',
        JWT_SECRET: SECRET,
      });
      expect(message).toBe('Invalid configuration: DATABASE_URL must be a postgres:// or postgresql:// URL');
      expect(message).not.toContain('hunter2');
    });

    it('accepts kurrentdb connection strings', () => {
      const env = {
        EVENT_STORE: 'kurrentdb',
        KURRENTDB_URL: 'kurrentdb://localhost:2113?tls=false',
        JWT_SECRET: SECRET,
      };
      expect(loadAppConfig(env).eventStoreConfig()).toMatchObject({ kind: 'kurrentdb' });
    });
  });

  describe('JWT_SECRET and JWKS_URL', () => {
    it('rejects a short secret without echoing it', () => {
      const message = problemsOf({ JWT_SECRET: 'short-secret' });
      expect(message).toBe('Invalid configuration: JWT_SECRET must be at least 32 characters long');
    });

    it.each(['postgres', 'kurrentdb'])('refuses EVENT_STORE=%s without JWT_SECRET or JWKS_URL', (store) => {
      const env = {
        EVENT_STORE: store,
        DATABASE_URL: 'postgres://localhost/db',
        KURRENTDB_URL: 'kurrentdb://localhost:2113',
      };
      expect(problemsOf(env)).toBe(
        `Invalid configuration: JWT_SECRET is required when EVENT_STORE=${store} (or set JWKS_URL)`,
      );
    });

    it('accepts postgres with JWKS_URL instead of a secret', () => {
      const env = {
        EVENT_STORE: 'postgres',
        DATABASE_URL: 'postgres://localhost/db',
        JWKS_URL: 'https://id.example.com/.well-known/jwks.json',
      };
      expect(loadAppConfig(env).JWKS_URL).toBe('https://id.example.com/.well-known/jwks.json');
    });

    it('rejects a JWKS_URL that is not http(s)', () => {
      expect(problemsOf({ JWKS_URL: 'ftp://keys' })).toBe(
        'Invalid configuration: JWKS_URL must be an http(s) URL (got "ftp://keys")',
      );
    });

    it('does not need a secret in embedded mode', () => {
      expect(() => loadAppConfig({ EVENT_STORE: 'sqlite' })).not.toThrow();
      expect(() => loadAppConfig({ EVENT_STORE: 'memory' })).not.toThrow();
    });
  });

  describe('LOG_LEVEL, READ_MODELS and REDIS_URL', () => {
    it('rejects an unknown log level', () => {
      expect(problemsOf({ LOG_LEVEL: 'verbose' })).toBe(
        'Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")',
      );
    });

    it('requires REDIS_URL when read models live in Redis', () => {
      expect(problemsOf({ READ_MODELS: 'redis' })).toBe(
        'Invalid configuration: REDIS_URL is required when READ_MODELS=redis',
      );
      expect(loadAppConfig({ READ_MODELS: 'redis', REDIS_URL: 'redis://127.0.0.1:6379' }).READ_MODELS).toBe('redis');
    });

    it('accepts REDIS_URL on its own for now', () => {
      expect(loadAppConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).REDIS_URL).toBe('redis://127.0.0.1:6379');
    });

    it('rejects an unknown read-model store', () => {
      expect(problemsOf({ READ_MODELS: 'mongo' })).toBe(
        'Invalid configuration: READ_MODELS must be one of sqlite, redis, memory (got "mongo")',
      );
    });

    it('never echoes a bad REDIS_URL', () => {
      expect(problemsOf({ READ_MODELS: 'redis', REDIS_URL: 'http://u:hunter2@h' })).toBe(
        'Invalid configuration: REDIS_URL must be a redis:// or rediss:// URL',
      );
    });
  });

  describe('read-model store', () => {
    it('keeps SQLite read models next to the event store by default', () => {
      expect(loadAppConfig({ SQLITE_PATH: '/var/lib/labels/events.db' }).readModelStoreConfig()).toEqual({
        kind: 'sqlite',
        sqlitePath: '/var/lib/labels/read-models.db',
        sqliteCacheMb: undefined,
        redisUrl: undefined,
      });
    });

    it('takes READ_MODELS_SQLITE_PATH when set', () => {
      const config = loadAppConfig({ READ_MODELS_SQLITE_PATH: '/tmp/rm.db' });
      expect(config.readModelStoreConfig().sqlitePath).toBe('/tmp/rm.db');
    });

    it('keeps read models in memory with the memory event store, unless told otherwise', () => {
      expect(loadAppConfig({ EVENT_STORE: 'memory' }).READ_MODELS).toBe('memory');
      expect(loadAppConfig({ EVENT_STORE: 'memory', READ_MODELS: 'sqlite' }).READ_MODELS).toBe('sqlite');
    });

    it('hands the Redis URL over for redis', () => {
      const config = loadAppConfig({ READ_MODELS: 'redis', REDIS_URL: 'redis://127.0.0.1:6379/2' });
      expect(config.readModelStoreConfig()).toMatchObject({ kind: 'redis', redisUrl: 'redis://127.0.0.1:6379/2' });
    });
  });

  describe('PROJECTIONS', () => {
    it.each([
      ['sqlite', 'inline'],
      ['memory', 'inline'],
      ['postgres', 'off'],
      ['kurrentdb', 'off'],
    ])('defaults with EVENT_STORE=%s to %s', (store, mode) => {
      const env = {
        EVENT_STORE: store,
        DATABASE_URL: 'postgres://localhost/db',
        KURRENTDB_URL: 'kurrentdb://localhost:2113',
        JWT_SECRET: SECRET,
      };
      expect(loadAppConfig(env).PROJECTIONS).toBe(mode);
    });

    it('can be switched either way', () => {
      expect(loadAppConfig({ PROJECTIONS: 'off' }).PROJECTIONS).toBe('off');
      const env = {
        EVENT_STORE: 'postgres',
        DATABASE_URL: 'postgres://h/db',
        JWT_SECRET: SECRET,
        PROJECTIONS: 'inline',
      };
      expect(loadAppConfig(env).PROJECTIONS).toBe('inline');
    });

    it('rejects anything else', () => {
      expect(problemsOf({ PROJECTIONS: 'external' })).toBe(
        'Invalid configuration: PROJECTIONS must be one of inline, off (got "external")',
      );
    });
  });

  describe('SQLITE_CACHE_MB', () => {
    it('sizes both SQLite connections, events and read models', () => {
      const config = loadAppConfig({ SQLITE_CACHE_MB: '64' });
      expect(config.eventStoreConfig().sqliteCacheMb).toBe(64);
      expect(config.readModelStoreConfig().sqliteCacheMb).toBe(64);
    });

    it('takes a process’s own default only where the environment leaves the variable unset', () => {
      expect(loadAppConfig({}, { SQLITE_CACHE_MB: '32' }).SQLITE_CACHE_MB).toBe(32);
      expect(loadAppConfig({ SQLITE_CACHE_MB: ' ' }, { SQLITE_CACHE_MB: '32' }).SQLITE_CACHE_MB).toBe(32);
      expect(loadAppConfig({ SQLITE_CACHE_MB: '8' }, { SQLITE_CACHE_MB: '32' }).SQLITE_CACHE_MB).toBe(8);
    });

    it.each(['0', '4097', '1.5', 'lots'])('rejects %p', (value) => {
      expect(problemsOf({ SQLITE_CACHE_MB: value })).toBe(
        `Invalid configuration: SQLITE_CACHE_MB must be an integer from 1 to 4096 (got "${value}")`,
      );
    });
  });

  describe('COMBINE_COMMANDS', () => {
    it('is on unless set to false', () => {
      expect(loadAppConfig({}).COMBINE_COMMANDS).toBe('true');
      expect(loadAppConfig({ COMBINE_COMMANDS: 'false' }).COMBINE_COMMANDS).toBe('false');
    });

    it('rejects anything but true or false', () => {
      expect(problemsOf({ COMBINE_COMMANDS: 'yes' })).toBe(
        'Invalid configuration: COMBINE_COMMANDS must be true or false (got "yes")',
      );
    });
  });

  describe('READ_YOUR_WRITES_TIMEOUT_MS', () => {
    it('accepts 0 to 60000', () => {
      expect(loadAppConfig({ READ_YOUR_WRITES_TIMEOUT_MS: '0' }).READ_YOUR_WRITES_TIMEOUT_MS).toBe(0);
      expect(loadAppConfig({ READ_YOUR_WRITES_TIMEOUT_MS: '60000' }).READ_YOUR_WRITES_TIMEOUT_MS).toBe(60000);
    });

    it.each(['-1', '60001', '1.5', 'soon'])('rejects %p', (value) => {
      expect(problemsOf({ READ_YOUR_WRITES_TIMEOUT_MS: value })).toBe(
        `Invalid configuration: READ_YOUR_WRITES_TIMEOUT_MS must be an integer from 0 to 60000 (got "${value}")`,
      );
    });
  });

  describe('PROJECTOR_PORT', () => {
    it('accepts a port', () => {
      expect(loadAppConfig({ PROJECTOR_PORT: '9464' }).PROJECTOR_PORT).toBe(9464);
    });

    it.each(['0', '70000', 'x'])('rejects %p', (port) => {
      expect(problemsOf({ PROJECTOR_PORT: port })).toBe(
        `Invalid configuration: PROJECTOR_PORT must be an integer from 1 to 65535 (got "${port}")`,
      );
    });
  });

  describe('BATCH_MAX_INPUTS', () => {
    it('accepts a size', () => expect(loadAppConfig({ BATCH_MAX_INPUTS: '100' }).BATCH_MAX_INPUTS).toBe(100));

    it.each(['0', '10001', 'many'])('rejects %p', (size) => {
      expect(problemsOf({ BATCH_MAX_INPUTS: size })).toBe(
        `Invalid configuration: BATCH_MAX_INPUTS must be an integer from 1 to 10000 (got "${size}")`,
      );
    });
  });

  it('reports every bad variable at once', () => {
    const message = problemsOf({ PORT: 'x', EVENT_STORE: 'mysql', LOG_LEVEL: 'loud' });
    expect(message).toContain('PORT must be');
    expect(message).toContain('EVENT_STORE must be');
    expect(message).toContain('LOG_LEVEL must be');
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadAppConfig({}))).toBe(true);
  });
});
