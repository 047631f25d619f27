import 'reflect-metadata';
import { resolve, dirname, join } from 'node:path';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
  type ValidationArguments,
  type ValidationError,
} from 'class-validator';
import type { EventStoreConfig, EventStoreKind } from '@app/event-store';

export const EVENT_STORE_KINDS = [
  'sqlite',
  'postgres',
  'kurrentdb',
  'memory',
] as const satisfies readonly EventStoreKind[];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const READ_MODEL_KINDS = ['sqlite', 'redis', 'memory'] as const;
export const PROJECTION_MODES = ['inline', 'off'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];
export type ReadModelKind = (typeof READ_MODEL_KINDS)[number];
/** `inline`: the api process runs the projections (embedded mode); `off`: apps/projector runs them. */
export type ProjectionMode = (typeof PROJECTION_MODES)[number];

/** What `createReadModelStore` needs; derived from `READ_MODELS`, `REDIS_URL` and the SQLite paths. */
export interface ReadModelStoreConfig {
  kind: ReadModelKind;
  sqlitePath?: string;
  /** SQLite's page cache per connection, in MB. */
  sqliteCacheMb?: number;
  redisUrl?: string;
}

/** Every variable the service reads. Anything else in the environment is ignored. */
export const ENV_VARIABLES = [
  'PORT',
  'EVENT_STORE',
  'SQLITE_PATH',
  'SQLITE_CACHE_MB',
  'DATABASE_URL',
  'KURRENTDB_URL',
  'JWT_SECRET',
  'JWKS_URL',
  'LOG_LEVEL',
  'READ_MODELS',
  'READ_MODELS_SQLITE_PATH',
  'REDIS_URL',
  'PROJECTIONS',
  'PROJECTIONS_MAX_LAG',
  'COMBINE_COMMANDS',
  'READ_YOUR_WRITES_TIMEOUT_MS',
  'PROJECTOR_PORT',
  'BATCH_MAX_INPUTS',
  'IMPORT_DIR',
  'IMPORT_MAX_BYTES',
  'IMPORT_BATCH_ROWS',
  'IMPORT_ERRORS_RETENTION_DAYS',
  'FEED_HEARTBEAT_MS',
  'FEED_SLOW_CONSUMER_TIMEOUT_MS',
  'FEED_MAX_BUFFERED_BYTES',
  'FEED_FLUSH_MS',
  'WEBHOOK_SIGNING_KEY',
  'WEBHOOK_ALLOW_PRIVATE_TARGETS',
  'WEBHOOK_TIMEOUT_MS',
  'WEBHOOK_RETRY_BASE_MS',
  'WEBHOOK_RETRY_PERIOD_MS',
] as const;

type EnvVariable = (typeof ENV_VARIABLES)[number];

/** Values that may carry credentials: never echoed in error messages. */
const SECRET_VARIABLES: ReadonlySet<EnvVariable> = new Set([
  'JWT_SECRET',
  'DATABASE_URL',
  'KURRENTDB_URL',
  'REDIS_URL',
  'WEBHOOK_SIGNING_KEY',
]);

/** Stores whose data outlives the process on other machines: a per-machine generated secret would not do. */
const EXTERNAL_STORES: ReadonlySet<string> = new Set(['postgres', 'kurrentdb']);

/** Stores that live in or next to the process: the api runs the projections itself unless told otherwise. */
const EMBEDDED_STORES: ReadonlySet<string> = new Set(['sqlite', 'memory']);

const PORT_MESSAGE = 'PORT must be an integer from 1 to 65535';
const PROJECTOR_PORT_MESSAGE = 'PROJECTOR_PORT must be an integer from 1 to 65535';
const BATCH_MAX_INPUTS_MESSAGE = 'BATCH_MAX_INPUTS must be an integer from 1 to 10000';
const IMPORT_MAX_BYTES_MESSAGE = 'IMPORT_MAX_BYTES must be an integer from 1 to 10737418240 (10 GiB)';
const IMPORT_BATCH_ROWS_MESSAGE = 'IMPORT_BATCH_ROWS must be an integer from 1 to 10000';
const IMPORT_ERRORS_RETENTION_MESSAGE = 'IMPORT_ERRORS_RETENTION_DAYS must be an integer from 0 (keep) to 3650';
const SQLITE_CACHE_MESSAGE = 'SQLITE_CACHE_MB must be an integer from 1 to 4096';
const TIMEOUT_MESSAGE = 'READ_YOUR_WRITES_TIMEOUT_MS must be an integer from 0 to 60000';
const oneOf = (name: string, values: readonly string[]) => `${name} must be one of ${values.join(', ')}`;

/**
 * The service's configuration: environment variables validated once at boot (`loadAppConfig`).
 * Property names are the variable names, so every message names the variable to fix.
 */
export class AppConfig {
  @Type(() => Number)
  @IsInt({ message: PORT_MESSAGE })
  @Min(1, { message: PORT_MESSAGE })
  @Max(65535, { message: PORT_MESSAGE })
  readonly PORT: number = 3000;

  @IsIn(EVENT_STORE_KINDS, { message: oneOf('EVENT_STORE', EVENT_STORE_KINDS) })
  readonly EVENT_STORE: EventStoreKind = 'sqlite';

  @IsString()
  @IsNotEmpty({ message: 'SQLITE_PATH must not be empty' })
  readonly SQLITE_PATH: string = './data/events.db';

  /** SQLite's page cache per connection (events and read models each), in MB; absent, 16 MB (better-sqlite3's build default). */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: SQLITE_CACHE_MESSAGE })
  @Min(1, { message: SQLITE_CACHE_MESSAGE })
  @Max(4096, { message: SQLITE_CACHE_MESSAGE })
  readonly SQLITE_CACHE_MB?: number;

  @ValidateIf((config: AppConfig) => config.EVENT_STORE === 'postgres' || config.DATABASE_URL !== undefined)
  @IsDefined({ message: 'DATABASE_URL is required when EVENT_STORE=postgres' })
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  readonly DATABASE_URL?: string;

  @ValidateIf((config: AppConfig) => config.EVENT_STORE === 'kurrentdb' || config.KURRENTDB_URL !== undefined)
  @IsDefined({ message: 'KURRENTDB_URL is required when EVENT_STORE=kurrentdb' })
  @Matches(/^(kurrentdb|kdb|esdb)(\+discover)?:\/\/\S+$/, {
    message: 'KURRENTDB_URL must be a kurrentdb://, kdb:// or esdb:// connection string',
  })
  readonly KURRENTDB_URL?: string;

  // A generated secret lives next to the SQLite file of one machine; shared stores need a shared secret.
  @ValidateIf(
    (config: AppConfig) =>
      config.JWT_SECRET !== undefined || (EXTERNAL_STORES.has(config.EVENT_STORE) && config.JWKS_URL === undefined),
  )
  @IsDefined({
    message: (args: ValidationArguments) =>
      `JWT_SECRET is required when EVENT_STORE=${(args.object as AppConfig).EVENT_STORE} (or set JWKS_URL)`,
  })
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters long' })
  readonly JWT_SECRET?: string;

  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'JWKS_URL must be an http(s) URL' },
  )
  readonly JWKS_URL?: string;

  @IsIn(LOG_LEVELS, { message: oneOf('LOG_LEVEL', LOG_LEVELS) })
  readonly LOG_LEVEL: LogLevel = 'info';

  /** Defaults to `memory` with the memory event store (nothing persists), else `sqlite` (see `loadAppConfig`). */
  @IsIn(READ_MODEL_KINDS, { message: oneOf('READ_MODELS', READ_MODEL_KINDS) })
  readonly READ_MODELS!: ReadModelKind;

  /** The SQLite read-model file; defaults to `read-models.db` next to `SQLITE_PATH`. */
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'READ_MODELS_SQLITE_PATH must not be empty' })
  readonly READ_MODELS_SQLITE_PATH?: string;

  @ValidateIf((config: AppConfig) => config.READ_MODELS === 'redis' || config.REDIS_URL !== undefined)
  @IsDefined({ message: 'REDIS_URL is required when READ_MODELS=redis' })
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  readonly REDIS_URL?: string;

  /** Defaults to `inline` for the embedded stores (sqlite, memory), else `off` (see `loadAppConfig`). */
  @IsIn(PROJECTION_MODES, { message: oneOf('PROJECTIONS', PROJECTION_MODES) })
  readonly PROJECTIONS!: ProjectionMode;

  /**
   * Embedded mode (SQLite, projections inline): a command waits while the projections of this process are more than
   * this many events behind its last write, so sustained bulk writes go at the pace the read models keep up with
   * instead of leaving them minutes behind. 0 turns it off.
   */
  @Type(() => Number)
  @IsInt({ message: 'PROJECTIONS_MAX_LAG must be an integer from 0 to 10000000' })
  @Min(0, { message: 'PROJECTIONS_MAX_LAG must be an integer from 0 to 10000000' })
  @Max(10_000_000, { message: 'PROJECTIONS_MAX_LAG must be an integer from 0 to 10000000' })
  readonly PROJECTIONS_MAX_LAG: number = 10_000;

  /** How long a query with a minimum position waits for the projections it reads before answering stale. */
  @Type(() => Number)
  @IsInt({ message: TIMEOUT_MESSAGE })
  @Min(0, { message: TIMEOUT_MESSAGE })
  @Max(60_000, { message: TIMEOUT_MESSAGE })
  readonly READ_YOUR_WRITES_TIMEOUT_MS: number = 5000;

  /** The projector process's HTTP port (/health, /metrics). */
  @Type(() => Number)
  @IsInt({ message: PROJECTOR_PORT_MESSAGE })
  @Min(1, { message: PROJECTOR_PORT_MESSAGE })
  @Max(65535, { message: PROJECTOR_PORT_MESSAGE })
  readonly PROJECTOR_PORT: number = 3001;

  /** Most inputs one batch request may carry (hubspot-v4-api.md §0.6); more is a 400. Batch read keeps HubSpot's 1000. */
  @Type(() => Number)
  @IsInt({ message: BATCH_MAX_INPUTS_MESSAGE })
  @Min(1, { message: BATCH_MAX_INPUTS_MESSAGE })
  @Max(10_000, { message: BATCH_MAX_INPUTS_MESSAGE })
  readonly BATCH_MAX_INPUTS: number = 1000;

  /** Where uploaded import files are kept until their import completes; defaults to `imports/` next to `SQLITE_PATH`. */
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'IMPORT_DIR must not be empty' })
  readonly IMPORT_DIR?: string;

  /** Largest import file accepted (400 above), in bytes. */
  @Type(() => Number)
  @IsInt({ message: IMPORT_MAX_BYTES_MESSAGE })
  @Min(1, { message: IMPORT_MAX_BYTES_MESSAGE })
  @Max(10 * 1024 ** 3, { message: IMPORT_MAX_BYTES_MESSAGE })
  readonly IMPORT_MAX_BYTES: number = 512 * 1024 ** 2;

  /** Rows an import decides and appends together, with their checkpoint (ADR 0008). */
  @Type(() => Number)
  @IsInt({ message: IMPORT_BATCH_ROWS_MESSAGE })
  @Min(1, { message: IMPORT_BATCH_ROWS_MESSAGE })
  @Max(10_000, { message: IMPORT_BATCH_ROWS_MESSAGE })
  readonly IMPORT_BATCH_ROWS: number = 500;

  /**
   * Days a completed import keeps its rejected rows (ADR 0008); then the api erases them (destroys their key). 0 keeps
   * them until `DELETE /api/v1/imports/{id}/errors`.
   */
  @Type(() => Number)
  @IsInt({ message: IMPORT_ERRORS_RETENTION_MESSAGE })
  @Min(0, { message: IMPORT_ERRORS_RETENTION_MESSAGE })
  @Max(3650, { message: IMPORT_ERRORS_RETENTION_MESSAGE })
  readonly IMPORT_ERRORS_RETENTION_DAYS: number = 30;

  /** Event feed (SSE): a heartbeat carrying the cursor after this long without an event. */
  @Type(() => Number)
  @IsInt({ message: 'FEED_HEARTBEAT_MS must be an integer from 100 to 600000' })
  @Min(100, { message: 'FEED_HEARTBEAT_MS must be an integer from 100 to 600000' })
  @Max(600000, { message: 'FEED_HEARTBEAT_MS must be an integer from 100 to 600000' })
  readonly FEED_HEARTBEAT_MS: number = 15_000;

  /** Event feed: a client whose buffer stays full this long is cut off, with a final event telling where to resume. */
  @Type(() => Number)
  @IsInt({ message: 'FEED_SLOW_CONSUMER_TIMEOUT_MS must be an integer from 10 to 600000' })
  @Min(10, { message: 'FEED_SLOW_CONSUMER_TIMEOUT_MS must be an integer from 10 to 600000' })
  @Max(600000, { message: 'FEED_SLOW_CONSUMER_TIMEOUT_MS must be an integer from 10 to 600000' })
  readonly FEED_SLOW_CONSUMER_TIMEOUT_MS: number = 10_000;

  /** Event feed: most bytes one connection may hold that its client has not taken yet. */
  @Type(() => Number)
  @IsInt({ message: 'FEED_MAX_BUFFERED_BYTES must be an integer from 1024 to 67108864' })
  @Min(1024, { message: 'FEED_MAX_BUFFERED_BYTES must be an integer from 1024 to 67108864' })
  @Max(67108864, { message: 'FEED_MAX_BUFFERED_BYTES must be an integer from 1024 to 67108864' })
  readonly FEED_MAX_BUFFERED_BYTES: number = 1_048_576;

  /**
   * Event feed: live events go out to the connections at most this often, the appends of the window in one write
   * each (100 consumers of an account at 200 appends/s were 20,000 wake-ups and socket writes a second); 0 sends
   * each append at once.
   */
  @Type(() => Number)
  @IsInt({ message: 'FEED_FLUSH_MS must be an integer from 0 to 1000' })
  @Min(0, { message: 'FEED_FLUSH_MS must be an integer from 0 to 1000' })
  @Max(1000, { message: 'FEED_FLUSH_MS must be an integer from 0 to 1000' })
  readonly FEED_FLUSH_MS: number = 25;

  /** Key each webhook subscription's signing secret is derived from; default the JWT secret (ADR 0009). */
  @IsOptional()
  @MinLength(32, { message: 'WEBHOOK_SIGNING_KEY must be at least 32 characters long' })
  readonly WEBHOOK_SIGNING_KEY?: string;

  /**
   * `true`: the single commands of concurrent requests are decided one after the other into one write group and
   * appended together (group commit, ADR 0006 §11); `false`: each command appends on its own.
   */
  @IsIn(['true', 'false'], { message: 'COMBINE_COMMANDS must be true or false' })
  readonly COMBINE_COMMANDS: 'true' | 'false' = 'true';

  /** `true` admits webhook targets on loopback and private ranges (local development, tests). */
  @IsIn(['true', 'false'], { message: 'WEBHOOK_ALLOW_PRIVATE_TARGETS must be true or false' })
  readonly WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' | 'false' = 'false';

  /** How long one webhook delivery may take before it counts as failed. */
  @Type(() => Number)
  @IsInt({ message: 'WEBHOOK_TIMEOUT_MS must be an integer from 10 to 120000' })
  @Min(10, { message: 'WEBHOOK_TIMEOUT_MS must be an integer from 10 to 120000' })
  @Max(120000, { message: 'WEBHOOK_TIMEOUT_MS must be an integer from 10 to 120000' })
  readonly WEBHOOK_TIMEOUT_MS: number = 10_000;

  /** First retry delay of a failed webhook delivery; it doubles with each attempt, up to one hour. */
  @Type(() => Number)
  @IsInt({ message: 'WEBHOOK_RETRY_BASE_MS must be an integer from 1 to 3600000' })
  @Min(1, { message: 'WEBHOOK_RETRY_BASE_MS must be an integer from 1 to 3600000' })
  @Max(3600000, { message: 'WEBHOOK_RETRY_BASE_MS must be an integer from 1 to 3600000' })
  readonly WEBHOOK_RETRY_BASE_MS: number = 1000;

  /** How long a failing webhook delivery is retried (from its first failure) before the subscription is parked. */
  @Type(() => Number)
  @IsInt({ message: 'WEBHOOK_RETRY_PERIOD_MS must be an integer from 0 to 604800000' })
  @Min(0, { message: 'WEBHOOK_RETRY_PERIOD_MS must be an integer from 0 to 604800000' })
  @Max(604800000, { message: 'WEBHOOK_RETRY_PERIOD_MS must be an integer from 0 to 604800000' })
  readonly WEBHOOK_RETRY_PERIOD_MS: number = 86_400_000;

  eventStoreConfig(): EventStoreConfig {
    return {
      kind: this.EVENT_STORE,
      sqlitePath: this.SQLITE_PATH,
      sqliteCacheMb: this.SQLITE_CACHE_MB,
      databaseUrl: this.DATABASE_URL,
      kurrentdbUrl: this.KURRENTDB_URL,
    };
  }

  readModelStoreConfig(): ReadModelStoreConfig {
    return {
      kind: this.READ_MODELS,
      sqlitePath: this.READ_MODELS_SQLITE_PATH ?? join(dirname(this.SQLITE_PATH), 'read-models.db'),
      sqliteCacheMb: this.SQLITE_CACHE_MB,
      redisUrl: this.REDIS_URL,
    };
  }

  /** Where uploaded import files are kept. */
  importDir(): string {
    return resolve(this.IMPORT_DIR ?? join(dirname(this.SQLITE_PATH), 'imports'));
  }

  /** Where the embedded-mode JWT secret is kept: next to the SQLite file. */
  embeddedSecretPath(): string {
    return resolve(join(dirname(this.SQLITE_PATH), 'jwt-secret'));
  }
}

/** The environment is invalid; `message` names every offending variable and is fit for a terminal. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigValidationError';
  }
}

/**
 * Validates the environment (the process's unless given) into an `AppConfig`. Empty strings count as unset, so
 * `PORT=` takes the default. `defaults` are a process's own defaults for variables the environment leaves unset (the
 * import CLI's larger SQLite cache). Throws `ConfigValidationError`. The only code that reads environment variables.
 */
export function loadAppConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  defaults: Partial<Readonly<Record<EnvVariable, string>>> = {},
): AppConfig {
  const raw: Partial<Record<EnvVariable, string>> = {};
  for (const name of ENV_VARIABLES) {
    const value = env[name]?.trim() || defaults[name];
    if (value) raw[name] = value;
  }
  // Defaults that follow the event store. An unknown EVENT_STORE is reported on its own.
  const eventStore = raw.EVENT_STORE ?? 'sqlite';
  raw.READ_MODELS ??= eventStore === 'memory' ? 'memory' : 'sqlite';
  raw.PROJECTIONS ??= EMBEDDED_STORES.has(eventStore) ? 'inline' : 'off';
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { stopAtFirstError: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigValidationError(errors.map((error) => describe(error, raw)));
  }
  return Object.freeze(config);
}

function describe(error: ValidationError, raw: Partial<Record<EnvVariable, string>>): string {
  const name = error.property as EnvVariable;
  const message = Object.values(error.constraints ?? {})[0] ?? `${name} is invalid`;
  const value = raw[name];
  if (value === undefined || SECRET_VARIABLES.has(name)) return message;
  return `${message} (got ${JSON.stringify(value)})`;
}
