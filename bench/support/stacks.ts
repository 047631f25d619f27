import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';

/**
 * The two ways the built service runs, as child processes for the benchmarks (`npm run build` first):
 * embedded — one api process, SQLite events + SQLite read models, projections inline; production — api and
 * projector processes, PostgreSQL events + Redis read models (a fresh database, a flushed Redis).
 */
export const ROOT = resolve(__dirname, '../..');
export const BENCH_SECRET = 'bench-secret-that-is-long-enough-0123456789';
const API = 'dist/apps/api/apps/api/src/main.js';
const PROJECTOR = 'dist/apps/projector/apps/projector/src/main.js';
/** Extra node flags for the api process, e.g. `BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` to profile it. */
export const API_NODE_ARGS = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);

export interface Stack {
  mode: 'embedded' | 'production';
  description: string;
  base: string;
  /** The `/health` that lists the projections (the api's in embedded mode, the projector's in production). */
  projectionsHealth: string;
  close(): Promise<void>;
}

/** Waits until every projection's checkpoint has reached `position`; the seconds it took. */
export async function projectionsReach(
  stack: Pick<Stack, 'projectionsHealth'>,
  position: bigint,
  timeoutMs = 600_000,
): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const response = await fetch(stack.projectionsHealth).catch(() => undefined);
    const report = (await response?.json().catch(() => undefined)) as
      { projections?: { checkpoint: string }[] } | undefined;
    const projections = report?.projections ?? [];
    if (projections.length > 0 && projections.every((p) => BigInt(p.checkpoint) >= position)) {
      return (performance.now() - started) / 1000;
    }
    await sleep(100);
  }
  throw new Error(`projections did not reach position ${position} in ${timeoutMs} ms`);
}

export interface ProductionServices {
  databaseUrl: string;
  redisUrl: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function startNode(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return child;
}

export async function stopNode(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

/** Until `url` answers at all (`ok` false) or with a 2xx (`ok` true). */
export async function waitFor(url: string, ok = true): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      const response = await fetch(url);
      if (!ok || response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${url} never ${ok ? 'became healthy' : 'answered'}`);
}

export async function embeddedStack(port: number): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-embedded-'));
  const api = startNode([...API_NODE_ARGS, API], {
    PORT: String(port),
    EVENT_STORE: 'sqlite',
    SQLITE_PATH: join(dir, 'events.sqlite'),
    READ_MODELS: 'sqlite',
    READ_MODELS_SQLITE_PATH: join(dir, 'read-models.sqlite'),
    PROJECTIONS: 'inline',
    JWT_SECRET: BENCH_SECRET,
    LOG_LEVEL: 'warn',
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/health`);
  return {
    mode: 'embedded',
    description: 'embedded: one api process, SQLite events + SQLite read models, projections inline',
    base,
    projectionsHealth: `${base}/health`,
    async close() {
      await stopNode(api);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function productionStack(port: number, services: ProductionServices): Promise<Stack> {
  const admin = new Client({ connectionString: services.databaseUrl });
  await admin.connect();
  const db = `bench_${process.pid}_${port}`;
  await admin.query(`DROP DATABASE IF EXISTS ${db}`);
  await admin.query(`CREATE DATABASE ${db}`);
  const redis = new Redis(services.redisUrl);
  await redis.flushdb();
  const env = {
    EVENT_STORE: 'postgres',
    DATABASE_URL: services.databaseUrl.replace(/\/[^/]*$/, `/${db}`),
    READ_MODELS: 'redis',
    REDIS_URL: services.redisUrl,
    JWT_SECRET: BENCH_SECRET,
    LOG_LEVEL: 'warn',
  };
  const api = startNode([...API_NODE_ARGS, API], { ...env, PORT: String(port), PROJECTIONS: 'off' });
  const projector = startNode([PROJECTOR], { ...env, PROJECTOR_PORT: String(port + 1) });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/health`);
  await waitFor(`http://127.0.0.1:${port + 1}/health`);
  return {
    mode: 'production',
    description: 'production: api + projector processes, PostgreSQL events + Redis read models',
    base,
    projectionsHealth: `http://127.0.0.1:${port + 1}/health`,
    async close() {
      await Promise.all([api, projector].map(stopNode));
      await redis.flushdb();
      redis.disconnect();
      await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await admin.end();
    },
  };
}
