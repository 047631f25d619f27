/**
 * Projection benchmark (issue 3, "Performance"): catch-up throughput of the real ProjectionRunner with the
 * account-stats projection from a prepared SQLite log into Redis and into SQLite, next to bare baselines doing the
 * same writes in the same run, and the live lag of a runner following a writer.
 *
 *   npm run bench:projections [-- --events 200000 --rounds 3 --live-seconds 10 --live-rate 1000 --readme]
 *
 * REDIS_URL picks the Redis server (default redis://127.0.0.1:6379); keys use a unique prefix and are deleted.
 * `--readme` replaces the "## Projections" section of bench/README.md. Results go to bench/results/*.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Database from 'better-sqlite3';
import { Command } from 'commander';
import Redis from 'ioredis';
import type { NewEvent, RecordedEvent } from '@app/event-store';
import { SqliteEventStore } from '@app/event-store/adapters/sqlite.event-store';
import {
  ProjectionRunner,
  RedisReadModelStore,
  SqliteReadModelStore,
  accountStatsKey,
  accountStatsProjection,
  batches,
  toAccountStats,
} from '@app/read-models';
import type { PositionedOps, ReadModelStore } from '@app/read-models';
import { metadata } from '../../libs/event-store/testing/event-fixtures';
import { redisBaseline, sqliteBaseline } from './baselines';
import type { CompactEvent } from './baselines';
import { writeReadmeSection } from '../readme-section';

interface Config {
  events: number;
  accounts: number;
  rounds: number;
  batchSize: number;
  liveSeconds: number;
  liveRate: number;
  redisUrl: string;
  redis: boolean;
  readme: boolean;
}

function positive(raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`Expected a positive number, got '${raw}'`);
  return value;
}

function parseConfig(argv: readonly string[]): Config {
  const o = new Command('bench:projections')
    .description('Catch-up throughput and live lag of the projection runner (Redis and SQLite read models)')
    .option('--events <n>', 'events in the prepared log', positive, 200_000)
    .option('--accounts <n>', 'accounts the events are spread over', positive, 500)
    .option('--rounds <n>', 'catch-up rounds; each runs every figure once, order rotating', positive, 3)
    .option('--batch-size <n>', "the runner's batch size (events per atomic write while catching up)", positive, 500)
    .option('--live-seconds <s>', 'duration of each live-lag run', positive, 10)
    .option('--live-rate <n>', 'single-event appends per second during the live-lag runs', positive, 1000)
    .option('--redis-url <url>', 'Redis server (REDIS_URL)', process.env.REDIS_URL || 'redis://127.0.0.1:6379')
    .option('--no-redis', 'skip the Redis figures')
    .option('--readme', 'also replace the "## Projections" section of bench/README.md', false)
    .parse(argv, { from: 'user' })
    .opts<Config>();
  return {
    ...o,
    events: Math.round(o.events),
    accounts: Math.round(o.accounts),
    rounds: Math.max(1, Math.round(o.rounds)),
    batchSize: Math.round(o.batchSize),
    liveRate: Math.round(o.liveRate),
  };
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const EVENT_TYPES = ['ThingHappened', 'ThingChanged', 'ThingLabeled', 'ThingArchived'];
const log = (msg: string): void => void process.stderr.write(`${msg}\n`);
const NS = { projection: accountStatsProjection.name, generation: 1 };

// ---------------------------------------------------------------------------------------------------------------
// The log

async function prepareLog(store: SqliteEventStore, cfg: Config): Promise<void> {
  const t0 = performance.now();
  for (let i = 0, chunk = 0; i < cfg.events; i += 100, chunk++) {
    const accountId = String(chunk % cfg.accounts);
    const events: NewEvent[] = [];
    for (let k = 0; k < Math.min(100, cfg.events - i); k++) {
      events.push({
        id: randomUUID(),
        type: EVENT_TYPES[(i + k) % EVENT_TYPES.length]!,
        data: { n: i + k },
        metadata: metadata(accountId),
      });
    }
    await store.append([{ stream: `thing-${accountId}.${chunk}`, expected: 'no_stream', events }]);
  }
  log(`prepared ${fmt(cfg.events)} events in ${((performance.now() - t0) / 1000).toFixed(1)} s (100-event appends)`);
}

async function compactLog(store: SqliteEventStore): Promise<CompactEvent[]> {
  const out: CompactEvent[] = [];
  for (let after = 0n; ;) {
    const page = await store.readAll({ after, maxCount: 5000 });
    if (page.length === 0) return out;
    for (const e of page) {
      out.push({
        key: accountStatsKey(e.metadata.accountId),
        typeField: `type:${e.type}`,
        position: e.position.toString(),
        recordedAt: e.recordedAt,
      });
    }
    after = page[page.length - 1]!.position;
  }
}

/** The projection's writes for the whole log, in batches: what `apply` alone is timed with. */
async function evolvedBatches(store: SqliteEventStore, batchSize: number): Promise<PositionedOps[][]> {
  const out: PositionedOps[][] = [];
  for (let after = 0n; ;) {
    const page = await store.readAll({ after, maxCount: batchSize });
    if (page.length === 0) return out;
    out.push(page.map((e: RecordedEvent) => ({ position: e.position, ops: accountStatsProjection.evolve(e) })));
    after = page[page.length - 1]!.position;
  }
}

/** The event store's `readAll` over the whole log in the runner's page size: the read side of a catch-up. */
async function readAllAlone(store: SqliteEventStore, batchSize: number): Promise<number> {
  const t0 = performance.now();
  let n = 0;
  for (let after = 0n; ;) {
    const page = await store.readAll({ after, maxCount: batchSize });
    if (page.length === 0) break;
    n += page.length;
    after = page[page.length - 1]!.position;
  }
  if (n === 0) throw new Error('empty log');
  return performance.now() - t0;
}

/** The runner's read path alone: `subscribeToAll` grouped by `batches()`, up to the head, writing nothing. */
async function subscriptionAlone(store: SqliteEventStore, head: bigint, batchSize: number): Promise<number> {
  const t0 = performance.now();
  const subscription = store.subscribeToAll({ batchSize });
  try {
    for await (const batch of batches(subscription, batchSize)) {
      if (batch[batch.length - 1]!.position >= head) break;
    }
  } finally {
    await subscription.close();
  }
  return performance.now() - t0;
}

/** The adapter's `apply` alone, with pre-evolved batches: the write side of a catch-up. */
async function applyAlone(readModels: ReadModelStore, evolved: readonly PositionedOps[][]): Promise<number> {
  const t0 = performance.now();
  for (const events of evolved)
    await readModels.apply({ ns: NS, events, checkpoint: events[events.length - 1]!.position });
  return performance.now() - t0;
}

// ---------------------------------------------------------------------------------------------------------------
// Runner measurements

/** Starts a runner on an empty read model and times it until its checkpoint reaches `head`. */
async function runnerCatchUp(
  store: SqliteEventStore,
  readModels: ReadModelStore,
  head: bigint,
  cfg: Config,
): Promise<number> {
  let reached!: () => void;
  const done = new Promise<void>((r) => (reached = r));
  const runner = new ProjectionRunner(store, readModels, [accountStatsProjection], {
    owner: `bench-${randomUUID()}`,
    batchSize: cfg.batchSize,
    observer: { batchApplied: (_p, _n, _a, checkpoint) => void (checkpoint >= head && reached()) },
  });
  gc();
  const t0 = performance.now();
  runner.start();
  await done;
  const ms = performance.now() - t0;
  await runner.stop();
  await verify(readModels, head, cfg);
  return ms;
}

/** The read model must be exact, or the figure means nothing. */
async function verify(readModels: ReadModelStore, head: bigint, cfg: Config): Promise<void> {
  let total = 0;
  for (let a = 0; a < cfg.accounts; a++) {
    total += toAccountStats(String(a), await readModels.hgetall(NS, accountStatsKey(String(a)))).events;
  }
  const checkpoint = await readModels.checkpoint(NS);
  if (BigInt(total) !== head || checkpoint !== head) {
    throw new Error(`Read model is wrong: ${total} events counted, checkpoint ${checkpoint}, head ${head}`);
  }
}

interface LiveLag {
  appends: number;
  seconds: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * A runner follows the log live (its checkpoint set to the head first) while a writer makes `liveRate`
 * single-event appends per second; lag = from the append's return to the runner's batch with a checkpoint at or
 * past it (its `batchApplied` observer). Writer and runner share the process, as in embedded mode.
 */
async function liveLag(store: SqliteEventStore, readModels: ReadModelStore, cfg: Config): Promise<LiveLag> {
  await readModels.apply({ ns: NS, events: [], checkpoint: await store.headPosition() });
  const pending: { position: bigint; at: number }[] = [];
  const lags: number[] = [];
  let checkpoint = 0n;
  const runner = new ProjectionRunner(store, readModels, [accountStatsProjection], {
    owner: `bench-live-${randomUUID()}`,
    batchSize: cfg.batchSize,
    observer: {
      batchApplied: (_p, _n, _a, cp) => {
        checkpoint = cp;
        const now = performance.now();
        while (pending.length > 0 && pending[0]!.position <= cp) lags.push(now - pending.shift()!.at);
      },
    },
  });
  runner.start();
  await sleep(200);
  const t0 = performance.now();
  let appends = 0;
  while (performance.now() - t0 < cfg.liveSeconds * 1000) {
    const due = Math.floor(((performance.now() - t0) * cfg.liveRate) / 1000);
    while (appends < due) {
      const accountId = String(appends % cfg.accounts);
      const event: NewEvent = { id: randomUUID(), type: 'ThingHappened', data: {}, metadata: metadata(accountId) };
      const { position } = await store.append([
        { stream: `live-${accountId}.${randomUUID()}`, expected: 'no_stream', events: [event] },
      ]);
      if (position <= checkpoint) lags.push(0);
      else pending.push({ position, at: performance.now() });
      appends++;
    }
    await sleep(1);
  }
  const seconds = (performance.now() - t0) / 1000;
  const deadline = performance.now() + 10_000;
  while (pending.length > 0 && performance.now() < deadline) await sleep(5);
  await runner.stop();
  if (pending.length > 0) throw new Error(`${pending.length} appends were never applied`);
  lags.sort((a, b) => a - b);
  const at = (q: number): number => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))]!;
  return { appends, seconds, p50: at(0.5), p99: at(0.99), max: lags[lags.length - 1]! };
}

// ---------------------------------------------------------------------------------------------------------------
// Report

interface Figure {
  store: 'redis' | 'sqlite' | 'log';
  what: string;
  /** Elapsed ms per round. */
  ms: number[];
}

const rate = (f: Figure, events: number): number => (events * f.ms.length) / (f.ms.reduce((a, b) => a + b, 0) / 1000);
const perRound = (f: Figure, events: number): number[] => f.ms.map((ms) => events / (ms / 1000));

interface Target {
  name: string;
  measured: string;
  spread: string;
  pass: boolean;
}

function targets(figures: Figure[], live: Record<string, LiveLag>, cfg: Config): Target[] {
  const out: Target[] = [];
  const find = (store: string, prefix: string) => figures.find((f) => f.store === store && f.what.startsWith(prefix));
  for (const store of ['redis', 'sqlite'] as const) {
    const runner = find(store, 'runner');
    const base = find(store, 'bare');
    if (!runner || !base) continue;
    const ratios = perRound(runner, cfg.events).map((r, i) => r / perRound(base, cfg.events)[i]!);
    const ratio = rate(runner, cfg.events) / rate(base, cfg.events);
    out.push({
      name: `${store === 'redis' ? 'Redis' : 'SQLite'} runner catch-up ≥ 0.5× its bare baseline`,
      measured: `${ratio.toFixed(2)}×`,
      spread: `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×`,
      pass: ratio >= 0.5,
    });
    if (store === 'redis') {
      const rates = perRound(runner, cfg.events);
      out.push({
        name: 'Redis runner catch-up ≥ 13,000 events/s',
        measured: `${fmt(rate(runner, cfg.events))} events/s`,
        spread: `${fmt(Math.min(...rates))}–${fmt(Math.max(...rates))}`,
        pass: rate(runner, cfg.events) >= 13_000,
      });
    }
  }
  for (const [store, l] of Object.entries(live)) {
    out.push({
      name: `live lag p99 ≤ 100 ms, ${store} read models, ~${fmt(cfg.liveRate)} appends/s`,
      measured: `${l.p99.toFixed(1)} ms`,
      spread: '',
      pass: l.p99 <= 100,
    });
  }
  return out;
}

function figureTable(figures: Figure[], live: Record<string, LiveLag>, cfg: Config): string[] {
  const rows = ['| Read models | Measurement | Result | Per round | Ratio |', '| --- | --- | ---: | ---: | --- |'];
  for (const f of figures) {
    const base = figures.find((b) => b.store === f.store && b.what.startsWith('bare'));
    const ratio = f === base ? 'baseline' : base ? `${(rate(f, cfg.events) / rate(base, cfg.events)).toFixed(2)}×` : '';
    const rounds = perRound(f, cfg.events).map(fmt).join(' / ');
    rows.push(`| ${f.store} | ${f.what} | ${fmt(rate(f, cfg.events))} events/s | ${rounds} | ${ratio} |`);
  }
  for (const [store, l] of Object.entries(live)) {
    rows.push(
      `| ${store} | live lag, runner following ${fmt(l.appends / l.seconds)} single-event appends/s for ` +
        `${l.seconds.toFixed(0)} s (${fmt(l.appends)} appends) | p50 ${l.p50.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, ` +
        `max ${l.max.toFixed(1)} ms | | |`,
    );
  }
  return rows;
}

/** Where a runner's time per event goes, from the diagnostic figures of the same run. */
function breakdown(figures: Figure[], cfg: Config): string[] {
  const us = (what: string, store: string): number | undefined => {
    const f = figures.find((x) => x.store === store && x.what.startsWith(what));
    return f ? 1e6 / rate(f, cfg.events) : undefined;
  };
  const read = us('subscribeToAll', 'log');
  const lines: string[] = [];
  for (const store of ['redis', 'sqlite']) {
    const runner = us('runner', store);
    const apply = us(store === 'redis' ? 'RedisReadModelStore.apply' : 'SqliteReadModelStore.apply', store);
    if (runner === undefined || apply === undefined || read === undefined) continue;
    lines.push(
      `- Per event, ${store}: runner ${runner.toFixed(1)} µs; its read path alone ${read.toFixed(1)} µs ` +
        `(readAll alone ${us('SqliteEventStore.readAll', 'log')?.toFixed(1)} µs), apply alone ${apply.toFixed(1)} µs, ` +
        `bare baseline ${us('bare', store)?.toFixed(1)} µs`,
    );
  }
  return lines;
}

function targetTable(ts: Target[]): string[] {
  return [
    '| Target | Measured | Per-round spread | Result |',
    '| --- | ---: | ---: | --- |',
    ...ts.map((t) => `| ${t.name} | ${t.measured} | ${t.spread} | ${t.pass ? 'PASS' : 'FAIL'} |`),
  ];
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const cfg = parseConfig(argv);
  const started = performance.now();
  const date = new Date().toISOString();
  const dir = mkdtempSync(join(tmpdir(), 'bench-projections-'));
  const prefix = `bench-projections-${randomUUID()}:`;
  const redis = cfg.redis ? new Redis(cfg.redisUrl) : undefined;
  const cleanup = async (): Promise<void> => {
    if (redis) {
      let cursor = '0';
      do {
        const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = nextCursor;
        if (keys.length > 0) await redis.unlink(...keys);
      } while (cursor !== '0');
      await redis.quit();
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));

  const store = new SqliteEventStore({ path: join(dir, 'events.db') });
  const figures: Figure[] = [];
  const live: Record<string, LiveLag> = {};
  let redisVersion: string | undefined;
  try {
    await prepareLog(store, cfg);
    const head = await store.headPosition();
    const compact = await compactLog(store);
    if (BigInt(compact.length) !== head) throw new Error('The log has gaps; the bench assumes it has none');
    redisVersion = redis ? /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] : undefined;

    const redisBase: Figure = {
      store: 'redis',
      what: 'bare ioredis: one Lua call per event, pipelined by 100',
      ms: [],
    };
    const redisRunner: Figure = {
      store: 'redis',
      what: `runner → RedisReadModelStore (batches of ${cfg.batchSize}, reads the log from SQLite)`,
      ms: [],
    };
    const sqliteBase: Figure = {
      store: 'sqlite',
      what: 'bare better-sqlite3: the same upserts, transactions of 500',
      ms: [],
    };
    const sqliteRunner: Figure = {
      store: 'sqlite',
      what: `runner → SqliteReadModelStore (batches of ${cfg.batchSize}, reads the log from SQLite)`,
      ms: [],
    };
    const redisApply: Figure = {
      store: 'redis',
      what: `RedisReadModelStore.apply alone (pre-evolved batches of ${cfg.batchSize})`,
      ms: [],
    };
    const sqliteApply: Figure = {
      store: 'sqlite',
      what: `SqliteReadModelStore.apply alone (pre-evolved batches of ${cfg.batchSize})`,
      ms: [],
    };
    const readAll: Figure = {
      store: 'log',
      what: `SqliteEventStore.readAll alone (pages of ${cfg.batchSize})`,
      ms: [],
    };
    const readPath: Figure = {
      store: 'log',
      what: `subscribeToAll + batches() alone (the runner's read path, batches of ${cfg.batchSize})`,
      ms: [],
    };
    if (redis) figures.push(redisBase, redisRunner, redisApply);
    figures.push(sqliteBase, sqliteRunner, sqliteApply, readAll, readPath);
    const evolved = await evolvedBatches(store, cfg.batchSize);

    const runs: [Figure, (round: number) => Promise<number>][] = [
      [readAll, async () => readAllAlone(store, cfg.batchSize)],
      [readPath, async () => subscriptionAlone(store, head, cfg.batchSize)],
      [
        sqliteApply,
        async (r) => {
          const readModels = new SqliteReadModelStore({ path: join(dir, `apply-${r}.db`) });
          try {
            return await applyAlone(readModels, evolved);
          } finally {
            await readModels.close();
          }
        },
      ],
      [sqliteBase, async (r) => sqliteBaseline(join(dir, `baseline-${r}.db`), compact)],
      [
        sqliteRunner,
        async (r) => {
          const readModels = new SqliteReadModelStore({ path: join(dir, `read-models-${r}.db`) });
          try {
            return await runnerCatchUp(store, readModels, head, cfg);
          } finally {
            await readModels.close();
          }
        },
      ],
    ];
    if (redis) {
      runs.unshift(
        [
          redisApply,
          async (r) => {
            const readModels = new RedisReadModelStore(cfg.redisUrl, { prefix: `${prefix}apply-${r}:` });
            try {
              return await applyAlone(readModels, evolved);
            } finally {
              await readModels.close();
            }
          },
        ],
        [redisBase, async (r) => redisBaseline(redis, `${prefix}{baseline-${r}}`, compact)],
        [
          redisRunner,
          async (r) => {
            const readModels = new RedisReadModelStore(cfg.redisUrl, { prefix: `${prefix}runner-${r}:` });
            try {
              return await runnerCatchUp(store, readModels, head, cfg);
            } finally {
              await readModels.close();
            }
          },
        ],
      );
    }
    for (let round = 0; round < cfg.rounds; round++) {
      const order = runs.map((_, i) => runs[(i + round) % runs.length]!);
      for (const [figure, run] of order) {
        gc();
        const ms = await run(round);
        figure.ms.push(ms);
        log(`round ${round + 1}: ${figure.store} ${figure.what}: ${fmt(cfg.events / (ms / 1000))} events/s`);
      }
    }

    if (redis) {
      const readModels = new RedisReadModelStore(cfg.redisUrl, { prefix: `${prefix}live:` });
      try {
        live.redis = await liveLag(store, readModels, cfg);
      } finally {
        await readModels.close();
      }
      log(`live lag redis: p99 ${live.redis.p99.toFixed(1)} ms`);
    }
    const sqliteLive = new SqliteReadModelStore({ path: join(dir, 'read-models-live.db') });
    try {
      live.sqlite = await liveLag(store, sqliteLive, cfg);
    } finally {
      await sqliteLive.close();
    }
    log(`live lag sqlite: p99 ${live.sqlite.p99.toFixed(1)} ms`);
  } finally {
    await store.close();
    await cleanup();
  }

  const elapsed = (performance.now() - started) / 1000;
  const probe = new Database(':memory:');
  const machine = {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    sqlite: probe.prepare<[], { v: string }>('SELECT sqlite_version() AS v').get()!.v,
    redis: redisVersion,
  };
  probe.close();
  const command = `npm run bench:projections${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`;
  const ts = targets(figures, live, cfg);
  console.log(['', ...figureTable(figures, live, cfg), '', ...targetTable(ts), ''].join('\n'));
  console.log(`${date}; ${elapsed.toFixed(0)} s total`);

  const root = resolve(__dirname, '..');
  mkdirSync(join(root, 'results'), { recursive: true });
  const out = join(root, 'results', `projections-${date.replace(/[:.]/g, '-')}.json`);
  const json = { date, command, machine, config: cfg, elapsedSeconds: elapsed, figures, live, targets: ts };
  writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`Results: ${out}`);
  if (cfg.readme) {
    const section = [
      '## Projections',
      '',
      '`bench/projections/run.ts` prepares a log of ' +
        `${fmt(cfg.events)} events (100-event appends, ${fmt(cfg.accounts)} accounts, 4 event types) in a SQLite`,
      'event store in a temp dir, then measures in one run:',
      '',
      '- **runner catch-up**: the real `ProjectionRunner` with the account-stats projection, started on an empty read',
      '  model, timed until its checkpoint reaches the head (it reads the log from SQLite, evolves, and writes effect +',
      '  checkpoint atomically per batch); the read model is then checked exact. Into `RedisReadModelStore` (unique key',
      '  prefix, deleted afterwards) and into `SqliteReadModelStore` (a fresh file per round).',
      '- **bare baselines** doing the same writes (per event: two HINCRBY, one HSET of two fields; plus the checkpoint)',
      '  from events pre-loaded in memory, so they do not read the log: ioredis with one idempotent Lua call per event',
      '  (`EVALSHA`, checkpoint check + writes + checkpoint), pipelined by 100; better-sqlite3 with the same upserts in',
      '  transactions of 500 and one checkpoint update per transaction, on a table shaped like the adapter’s.',
      '  Since session 5 `SqliteReadModelStore` writes a batch’s net effect per key: this projection’s per-account',
      '  counters (100-event appends, one account each) become a few statements per batch where the baseline writes',
      '  every event, so its `apply` outruns the baseline and the runner is bound by reading the log; a projection',
      '  that writes a new key per event (the associations’ ones) gains little from it.',
      '- **diagnostics** (no target): each adapter’s `apply` alone with pre-evolved batches (the write side), the',
      "  event store's `readAll` alone, and `subscribeToAll` grouped by the runner's `batches()` alone (the read side).",
      `- **live lag**: a runner follows the log while a writer makes ~${fmt(cfg.liveRate)} single-event appends/s for`,
      `  ${cfg.liveSeconds} s in the same process (as embedded mode runs them); lag is from the append's return to the`,
      '  runner’s `batchApplied` observer reporting a checkpoint at or past the event. The writer appends directly (one',
      '  event, one new stream per append); it is not the api serving commands.',
      '',
      `Each catch-up figure runs ${cfg.rounds} times, alternating with the others (order rotating per round); rates and`,
      'ratios use the pooled time, and the per-round rates are shown too.',
      '',
      '```sh',
      'npm run bench:projections -- --help',
      'npm run bench:projections -- --readme',
      '```',
      '',
      `### Results (${date})`,
      '',
      ...figureTable(figures, live, cfg),
      '',
      ...targetTable(ts),
      '',
      ...breakdown(figures, cfg),
      `- Machine: ${machine.nproc} CPUs (nproc; ${machine.cpu}), ${machine.memoryGiB} GiB RAM`,
      `- Node ${machine.node}; SQLite ${machine.sqlite}; Redis ${machine.redis ?? 'not measured'} (local)`,
      `- Date: ${date}; whole run ${elapsed.toFixed(0)} s`,
      `- Command: \`${command}\``,
      '',
    ].join('\n');
    await writeReadmeSection(join(root, 'README.md'), section);
    console.log(`README: ${join(root, 'README.md')}`);
  }
  if (ts.some((t) => !t.pass)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
