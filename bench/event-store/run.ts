/**
 * Event store benchmark: our SQLite and PostgreSQL adapters side by side with bare driver loops.
 *
 *   npm run bench:event-store [-- --seconds 2.5 --warmup 0.5 --rounds 5 --read-events 100000 --writers 16 --readme]
 *
 * Every flag has an environment twin (BENCH_SECONDS, BENCH_WARMUP, BENCH_ROUNDS, BENCH_READ_EVENTS, BENCH_PAGE,
 * BENCH_PG_WRITERS, BENCH_STREAMS, BENCH_SKIP_PG=1, BENCH_SKIP_SQLITE=1); DATABASE_URL picks the PostgreSQL server.
 * `--readme` also replaces the "## Event store" section of bench/README.md with the figures of this run. Results go to bench/results/*.json.
 *
 * Method: each figure is a warm-up (`--warmup` s) followed by `--seconds` s of timed work, split into `--rounds`
 * slices that alternate with the figures it is compared with (a baseline and its adapter figure run back to back,
 * order rotating per round), so drift on a shared machine hits both alike; ratios use the pooled rates. The SQLite
 * two-stream target pair gets twice the time. Event objects (and, for the bare loops, their serialized rows) are
 * generated outside the timed sections; the adapters still validate and serialize inside `append`, which is part
 * of what they cost.
 */
import Database from 'better-sqlite3';
import { Command } from 'commander';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Pool } from 'pg';
import type { EventStore, NewEvent } from '@app/event-store';
import { PostgresEventStore } from '@app/event-store/adapters/postgres.event-store';
import {
  SQLITE_EVENT_COLUMNS,
  SQLITE_EVENT_INSERT,
  SQLITE_EVENTS_SCHEMA,
  SqliteEventStore,
} from '@app/event-store/adapters/sqlite.event-store';
import { anEvent } from '../../libs/event-store/testing/event-fixtures';
import { writeReadmeSection } from '../readme-section';

// ---------------------------------------------------------------------------------------------------------------
// Configuration

interface Config {
  seconds: number;
  warmup: number;
  rounds: number;
  readEvents: number;
  page: number;
  writers: number;
  streams: number;
  databaseUrl: string;
  sqlite: boolean;
  postgres: boolean;
  readme: boolean;
}

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got '${raw}'`);
  return value;
}

function positive(raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`Expected a positive number, got '${raw}'`);
  return value;
}

function parseConfig(argv: readonly string[]): Config {
  const program = new Command('bench:event-store')
    .description('Benchmarks the SQLite and PostgreSQL event store adapters against bare driver loops')
    .option('--seconds <s>', 'timed seconds per figure (BENCH_SECONDS)', positive, envNumber('BENCH_SECONDS', 2.5))
    .option('--warmup <s>', 'warm-up seconds per figure (BENCH_WARMUP)', positive, envNumber('BENCH_WARMUP', 0.5))
    .option(
      '--rounds <n>',
      'interleaved slices per figure; compared figures alternate slice by slice (BENCH_ROUNDS)',
      positive,
      envNumber('BENCH_ROUNDS', 5),
    )
    .option(
      '--read-events <n>',
      'events in the read-all data set, ≥ 100000 (BENCH_READ_EVENTS)',
      positive,
      envNumber('BENCH_READ_EVENTS', 100_000),
    )
    .option('--page <n>', 'readAll page size (BENCH_PAGE)', positive, envNumber('BENCH_PAGE', 1000))
    .option(
      '--writers <n>',
      'concurrent PostgreSQL writers (BENCH_PG_WRITERS)',
      positive,
      envNumber('BENCH_PG_WRITERS', 16),
    )
    .option(
      '--streams <n>',
      'streams each write figure cycles through (BENCH_STREAMS)',
      positive,
      envNumber('BENCH_STREAMS', 1000),
    )
    .option('--database-url <url>', 'PostgreSQL server (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)')
    .option('--no-sqlite', 'skip SQLite (BENCH_SKIP_SQLITE=1)')
    .option('--no-postgres', 'skip PostgreSQL (BENCH_SKIP_PG=1)')
    .option('--readme', 'also replace the "## Event store" section of bench/README.md', false)
    .parse(argv, { from: 'user' });
  const o = program.opts<{
    seconds: number;
    warmup: number;
    rounds: number;
    readEvents: number;
    page: number;
    writers: number;
    streams: number;
    databaseUrl?: string;
    sqlite: boolean;
    postgres: boolean;
    readme: boolean;
  }>();
  return {
    seconds: o.seconds,
    warmup: o.warmup,
    rounds: Math.max(1, Math.round(o.rounds)),
    readEvents: Math.round(o.readEvents),
    page: Math.round(o.page),
    writers: Math.round(o.writers),
    streams: Math.max(1, Math.round(o.streams)),
    databaseUrl: o.databaseUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    sqlite: o.sqlite && process.env.BENCH_SKIP_SQLITE !== '1',
    postgres: o.postgres && process.env.BENCH_SKIP_PG !== '1',
    readme: o.readme,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Measurement

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Sample {
  ops: number;
  events: number;
  ms: number;
}

/** `prepare` runs outside the timed section; `run` is one timed operation. */
interface Workload<I> {
  eventsPerOp: number;
  prepare(count: number): I[];
  run(input: I): void | Promise<unknown>;
}

/** Runs `w` for `budgetMs` of timed work, preparing inputs in untimed chunks. */
async function runSequential<I>(w: Workload<I>, budgetMs: number): Promise<Sample> {
  const chunk = Math.max(1, Math.floor(2000 / w.eventsPerOp));
  let ops = 0;
  let ms = 0;
  while (ms < budgetMs) {
    const inputs = w.prepare(chunk);
    const t0 = performance.now();
    let now = t0;
    for (const input of inputs) {
      const pending = w.run(input);
      if (pending !== undefined) await pending;
      ops++;
      now = performance.now();
      if (ms + (now - t0) >= budgetMs) break;
    }
    ms += now - t0;
  }
  return { ops, events: ops * w.eventsPerOp, ms };
}

/** Runs one workload per writer concurrently for `budgetMs` of wall time over inputs prepared beforehand. */
async function runConcurrent<I>(ws: readonly Workload<I>[], budgetMs: number, perWriter: number): Promise<Sample> {
  const inputs = ws.map((w) => w.prepare(perWriter));
  gc();
  const t0 = performance.now();
  const deadline = t0 + budgetMs;
  let ops = 0;
  await Promise.all(
    ws.map(async (w, i) => {
      let queue = inputs[i]!;
      let k = 0;
      while (performance.now() < deadline) {
        // Rarely needed: the timed run is sized from the warm-up rate with a 2× margin.
        if (k >= queue.length) [queue, k] = [w.prepare(Math.max(8, perWriter >> 2)), 0];
        await w.run(queue[k++]!);
        ops++;
      }
    }),
  );
  return { ops, events: ops * ws[0]!.eventsPerOp, ms: performance.now() - t0 };
}

/** Something measured in timed slices, after one warm-up. */
interface Runner {
  warm(): Promise<void>;
  slice(ms: number): Promise<Sample>;
}

function sequential<I>(cfg: Config, w: Workload<I>): Runner {
  return {
    warm: async () => void (await runSequential(w, cfg.warmup * 1000)),
    slice: (ms) => runSequential(w, ms),
  };
}

function concurrent<I>(cfg: Config, ws: readonly Workload<I>[]): Runner {
  let opsPerMs = 0;
  return {
    warm: async () => {
      const s = await runConcurrent(ws, cfg.warmup * 1000, 16);
      opsPerMs = s.ops / s.ms;
    },
    slice: (ms) => runConcurrent(ws, ms, Math.ceil((opsPerMs * ms * 2) / ws.length) + 16),
  };
}

/** Full scans: one to warm up, then as many as fit in a slice (at least one). */
function scans(scan: () => Promise<number> | number): Runner {
  return {
    warm: async () => void (await scan()),
    slice: async (ms) => {
      let ops = 0;
      let events = 0;
      const t0 = performance.now();
      do {
        events += await scan();
        ops++;
      } while (performance.now() - t0 < ms);
      return { ops, events, ms: performance.now() - t0 };
    },
  };
}

interface Measured extends Sample {
  slices: Sample[];
}

/**
 * Measures runners that are compared with each other in interleaved slices (rotating the order every round), so
 * drift on a shared machine (other load, checkpoints, cache state) hits all of them alike. Each gets `--seconds`
 * × `scale` of timed work in `--rounds` × `scale` slices after its warm-up.
 */
async function group(cfg: Config, runners: readonly Runner[], scale = 1): Promise<Measured[]> {
  for (const r of runners) await r.warm();
  const rounds = cfg.rounds * scale;
  const sliceMs = (cfg.seconds * 1000) / cfg.rounds;
  const out: Measured[] = runners.map(() => ({ ops: 0, events: 0, ms: 0, slices: [] }));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < runners.length; k++) {
      const i = (k + round) % runners.length;
      gc();
      const s = await runners[i]!.slice(sliceMs);
      const m = out[i]!;
      m.ops += s.ops;
      m.events += s.events;
      m.ms += s.ms;
      m.slices.push(s);
    }
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Figures

type StoreKind = 'sqlite' | 'postgres';

interface Comparison {
  to: string;
  /** Pooled rate over pooled baseline rate. */
  ratio: number;
  /** Spread of the per-round ratios (slices of the same round, measured back to back). */
  perRound?: { min: number; median: number; max: number };
}

interface Figure {
  id: string;
  store: StoreKind;
  label: string;
  baseline: boolean;
  writers: number;
  eventsPerOp: number;
  /** What one op is: a transaction, an append, or a full read-all scan. */
  unit: 'tx' | 'appends' | 'scans';
  /** Which rate is compared with the baseline. */
  metric: 'ops' | 'events';
  ops: number;
  events: number;
  seconds: number;
  opsPerSec: number;
  eventsPerSec: number;
  /** The compared rate in each slice. */
  sliceRates: number[];
  vs: Comparison[];
}

const figures: Figure[] = [];

function record(
  id: string,
  store: StoreKind,
  label: string,
  sample: Measured,
  opts: { baseline?: boolean; writers?: number; eventsPerOp: number; unit: Figure['unit']; metric?: Figure['metric'] },
): Figure {
  const metric = opts.metric ?? (opts.eventsPerOp === 1 && opts.unit !== 'scans' ? 'ops' : 'events');
  const figure: Figure = {
    id,
    store,
    label,
    baseline: opts.baseline ?? false,
    writers: opts.writers ?? 1,
    eventsPerOp: opts.eventsPerOp,
    unit: opts.unit,
    metric,
    ops: sample.ops,
    events: sample.events,
    seconds: sample.ms / 1000,
    opsPerSec: sample.ops / (sample.ms / 1000),
    eventsPerSec: sample.events / (sample.ms / 1000),
    sliceRates: sample.slices.map((s) => (metric === 'ops' ? s.ops : s.events) / (s.ms / 1000)),
    vs: [],
  };
  figures.push(figure);
  console.log(`  ${store.padEnd(8)} ${label.padEnd(64)} ${rateText(figure)}`);
  return figure;
}

function rate(f: Figure): number {
  return f.metric === 'ops' ? f.opsPerSec : f.eventsPerSec;
}

function compare(f: Figure | undefined, baseline: Figure | undefined): void {
  if (!f || !baseline) return;
  const comparison: Comparison = { to: baseline.id, ratio: rate(f) / rate(baseline) };
  if (f.sliceRates.length === baseline.sliceRates.length) {
    const ratios = f.sliceRates.map((r, i) => r / baseline.sliceRates[i]!).sort((a, b) => a - b);
    comparison.perRound = { min: ratios[0]!, median: ratios[ratios.length >> 1]!, max: ratios[ratios.length - 1]! };
  }
  f.vs.push(comparison);
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

function rateText(f: Figure): string {
  if (f.unit === 'scans') return `${int(f.eventsPerSec)} events/s`;
  if (f.eventsPerOp === 1) return `${int(f.opsPerSec)} ${f.unit}/s`;
  return `${int(f.eventsPerSec)} events/s (${int(f.opsPerSec)} ${f.unit}/s)`;
}

// ---------------------------------------------------------------------------------------------------------------
// Events, streams and workloads

const ACCOUNT = '1';
let sequence = 0;

function newEvent(): NewEvent {
  const n = sequence++;
  return anEvent(ACCOUNT, 'AssociationLabelAssigned', {
    fromObjectTypeId: '0-1',
    toObjectTypeId: '0-2',
    fromObjectId: String(100_000 + n),
    toObjectId: String(200_000 + n),
    labelId: n % 7,
    category: 'USER_DEFINED',
  });
}

/** An event as the bare loops bind it: serialized, the way an adapter would store it. */
interface Row {
  id: string;
  type: string;
  data: string;
  metadata: string;
}

function newRow(): Row {
  const e = newEvent();
  return { id: e.id, type: e.type, data: JSON.stringify(e.data), metadata: JSON.stringify(e.metadata) };
}

function categoryOf(stream: string): string {
  return stream.slice(0, stream.indexOf('-'));
}

/** The streams one op touches: written ones (with their current revisions) and read-only checked ones. */
interface Slot {
  write: string[];
  check: string[];
  writeRev: bigint[];
  checkRev: bigint[];
}

interface Shape {
  writes: number;
  checks: number;
  eventsPerWrite: number;
}

const SINGLE: Shape = { writes: 1, checks: 0, eventsPerWrite: 1 };
const TWO_STREAM: Shape = { writes: 2, checks: 1, eventsPerWrite: 1 };
const BATCH: Shape = { writes: 1, checks: 0, eventsPerWrite: 100 };

let slotSet = 0;

/** `count` slots of fresh stream names; every stream gets one seed event (revision 0) before the timed runs. */
function makeSlots(shape: Shape, count: number): Slot[] {
  const set = slotSet++;
  return Array.from({ length: count }, (_, i) => ({
    write: Array.from({ length: shape.writes }, (_, j) => `${['pair', 'label'][j] ?? 'more'}-${ACCOUNT}.b${set}.s${i}`),
    check: Array.from({ length: shape.checks }, () => `limit-${ACCOUNT}.b${set}.s${i}`),
    writeRev: Array.from({ length: shape.writes }, () => 0n),
    checkRev: Array.from({ length: shape.checks }, () => 0n),
  }));
}

function slotStreams(slots: readonly Slot[]): string[] {
  return slots.flatMap((s) => [...s.check, ...s.write]);
}

function cycle<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

interface AdapterInput {
  slot: Slot;
  events: NewEvent[][];
}

/** Our adapter: `append` with an expected revision per written stream and per checked stream. */
function adapterWorkload(store: EventStore, shape: Shape, slots: readonly Slot[]): Workload<AdapterInput> {
  const next = cycle(slots);
  return {
    eventsPerOp: shape.writes * shape.eventsPerWrite,
    prepare: (count) =>
      Array.from({ length: count }, () => ({
        slot: next(),
        events: Array.from({ length: shape.writes }, () => Array.from({ length: shape.eventsPerWrite }, newEvent)),
      })),
    run: ({ slot, events }) => {
      const writes = slot.write.map((stream, j) => ({ stream, expected: slot.writeRev[j]!, events: events[j]! }));
      const checks = slot.check.map((stream, j) => ({ stream, expected: slot.checkRev[j]! }));
      for (let j = 0; j < events.length; j++) slot.writeRev[j]! += BigInt(events[j]!.length);
      return store.append(writes, checks);
    },
  };
}

/** Seeds revision 0 of every stream through the adapter, in appends of up to 500 streams. */
async function seedStreams(store: EventStore, streams: readonly string[]): Promise<void> {
  for (let i = 0; i < streams.length; i += 500) {
    await store.append(
      streams.slice(i, i + 500).map((stream) => ({ stream, expected: 'no_stream' as const, events: [newEvent()] })),
    );
  }
}

/** Fills a store with `total` events in appends of 1000 (the read-all data set). */
async function seedEvents(store: EventStore, total: number, parallel: number): Promise<void> {
  let next = 0;
  const set = slotSet++;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < total) {
        const n = Math.min(1000, total - next);
        const stream = `seed-${ACCOUNT}.b${set}.s${next}`;
        next += n;
        await store.append([{ stream, expected: 'no_stream', events: Array.from({ length: n }, newEvent) }]);
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// SQLite

const SQLITE_SCHEMA = SQLITE_EVENTS_SCHEMA;
const SQLITE_INSERT = SQLITE_EVENT_INSERT;
const SQLITE_COLUMNS = SQLITE_EVENT_COLUMNS;

function openBareSqlite(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SQLITE_SCHEMA);
  return db;
}

interface BareInput {
  slot: Slot;
  rows: Row[][];
}

function bareInputs(shape: Shape, slots: readonly Slot[]): (count: number) => BareInput[] {
  const next = cycle(slots);
  return (count) =>
    Array.from({ length: count }, () => ({
      slot: next(),
      rows: Array.from({ length: shape.writes }, () => Array.from({ length: shape.eventsPerWrite }, newRow)),
    }));
}

/** A bare better-sqlite3 insert loop: one autocommit INSERT per row, or BEGIN IMMEDIATE + n INSERTs + COMMIT. */
function bareSqliteInsert(db: Database.Database, shape: Shape, slots: readonly Slot[]): Workload<BareInput> {
  const insert = db.prepare(SQLITE_INSERT);
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const one = shape.eventsPerWrite === 1;
  return {
    eventsPerOp: shape.eventsPerWrite,
    prepare: bareInputs(shape, slots),
    run: ({ slot, rows }) => {
      const stream = slot.write[0]!;
      const category = categoryOf(stream);
      const recordedAt = new Date().toISOString();
      let revision = Number(slot.writeRev[0]);
      if (!one) begin.run();
      for (const r of rows[0]!) {
        insert.run(r.id, stream, ++revision, r.type, r.data, r.metadata, ACCOUNT, category, recordedAt);
      }
      if (!one) commit.run();
      slot.writeRev[0] = BigInt(revision);
    },
  };
}

/**
 * The SQL our SQLite adapter runs for a checked multi-stream append, without its TypeScript layers: BEGIN IMMEDIATE,
 * `max(revision)` of every checked then written stream (compared with the expected revision), the INSERTs, COMMIT.
 */
function bareSqliteSameSql(db: Database.Database, shape: Shape, slots: readonly Slot[]): Workload<BareInput> {
  const insert = db.prepare(SQLITE_INSERT);
  const revisionOf = db.prepare<[string], { revision: number | null }>(
    'SELECT max(revision) AS revision FROM events WHERE stream = ?',
  );
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  const state = new Map<Slot, { check: number[]; write: number[] }>(
    slots.map((s) => [s, { check: s.checkRev.map(Number), write: s.writeRev.map(Number) }]),
  );
  return {
    eventsPerOp: shape.writes * shape.eventsPerWrite,
    prepare: bareInputs(shape, slots),
    run: ({ slot, rows }) => {
      const expected = state.get(slot)!;
      begin.run();
      for (let j = 0; j < slot.check.length; j++) {
        if (revisionOf.get(slot.check[j]!)?.revision !== expected.check[j]) {
          rollback.run();
          throw new Error(`wrong expected revision for ${slot.check[j]}`);
        }
      }
      for (let j = 0; j < slot.write.length; j++) {
        if (revisionOf.get(slot.write[j]!)?.revision !== expected.write[j]) {
          rollback.run();
          throw new Error(`wrong expected revision for ${slot.write[j]}`);
        }
      }
      const recordedAt = new Date().toISOString();
      for (let j = 0; j < slot.write.length; j++) {
        const stream = slot.write[j]!;
        const category = categoryOf(stream);
        for (const r of rows[j]!) {
          insert.run(r.id, stream, ++expected.write[j]!, r.type, r.data, r.metadata, ACCOUNT, category, recordedAt);
        }
      }
      commit.run();
    },
  };
}

function seedBareSqlite(db: Database.Database, streams: readonly string[]): void {
  const insert = db.prepare(SQLITE_INSERT);
  const recordedAt = new Date().toISOString();
  db.transaction(() => {
    for (const stream of streams) {
      const r = newRow();
      insert.run(r.id, stream, 0, r.type, r.data, r.metadata, ACCOUNT, categoryOf(stream), recordedAt);
    }
  }).immediate();
}

async function benchSqlite(cfg: Config, dir: string, cleanups: (() => Promise<void> | void)[]): Promise<void> {
  console.log(`SQLite (file databases in ${dir}, WAL, synchronous=NORMAL)`);
  const bare = openBareSqlite(join(dir, 'bare.db'));
  const sameSql = openBareSqlite(join(dir, 'same-sql.db'));
  const store = new SqliteEventStore({ path: join(dir, 'adapter.db') });
  cleanups.push(
    () => void bare.close(),
    () => void sameSql.close(),
    () => store.close(),
  );
  const bareSlots = (shape: Shape, db: Database.Database): Slot[] => {
    const slots = makeSlots(shape, cfg.streams);
    seedBareSqlite(db, slotStreams(slots));
    return slots;
  };
  const storeSlots = async (shape: Shape): Promise<Slot[]> => {
    const slots = makeSlots(shape, cfg.streams);
    await seedStreams(store, slotStreams(slots));
    return slots;
  };

  // The target pair gets twice the time: the bare loop doing the adapter's SQL vs the adapter.
  const [sameRun, twoRun] = await group(
    cfg,
    [
      sequential(cfg, bareSqliteSameSql(sameSql, TWO_STREAM, bareSlots(TWO_STREAM, sameSql))),
      sequential(cfg, adapterWorkload(store, TWO_STREAM, await storeSlots(TWO_STREAM))),
    ],
    2,
  );
  const same = record(
    'sqlite.bare.sameSql',
    'sqlite',
    'bare loop doing the adapter’s two-stream checked SQL',
    sameRun!,
    {
      baseline: true,
      eventsPerOp: 2,
      unit: 'tx',
      metric: 'ops',
    },
  );
  const two = record(
    'sqlite.adapter.twoStream',
    'sqlite',
    'adapter: two-stream checked append (2 writes + 1 check)',
    twoRun!,
    {
      eventsPerOp: 2,
      unit: 'appends',
      metric: 'ops',
    },
  );

  const [bare1Run, singleRun] = await group(cfg, [
    sequential(cfg, bareSqliteInsert(bare, SINGLE, bareSlots(SINGLE, bare))),
    sequential(cfg, adapterWorkload(store, SINGLE, await storeSlots(SINGLE))),
  ]);
  const bare1 = record('sqlite.bare.insert1', 'sqlite', 'bare insert loop, 1 row/tx', bare1Run!, {
    baseline: true,
    eventsPerOp: 1,
    unit: 'tx',
  });
  const single = record(
    'sqlite.adapter.single',
    'sqlite',
    'adapter: single-stream append (1 event, expected revision)',
    singleRun!,
    {
      eventsPerOp: 1,
      unit: 'appends',
    },
  );
  compare(single, bare1);
  compare(same, bare1);
  compare(two, same);
  compare(two, bare1);

  const [bare100Run, batchRun] = await group(cfg, [
    sequential(cfg, bareSqliteInsert(bare, BATCH, bareSlots(BATCH, bare))),
    sequential(cfg, adapterWorkload(store, BATCH, await storeSlots(BATCH))),
  ]);
  const bare100 = record('sqlite.bare.insert100', 'sqlite', 'bare insert loop, 100 rows/tx', bare100Run!, {
    baseline: true,
    eventsPerOp: 100,
    unit: 'tx',
  });
  compare(
    record('sqlite.adapter.batch100', 'sqlite', 'adapter: 100-event append', batchRun!, {
      eventsPerOp: 100,
      unit: 'appends',
    }),
    bare100,
  );

  // Read-all over a fresh data set of --read-events events.
  const readPath = join(dir, 'read-all.db');
  const reader = new SqliteEventStore({ path: readPath });
  cleanups.push(() => reader.close());
  await seedEvents(reader, cfg.readEvents, 1);
  const raw = openBareSqlite(readPath);
  cleanups.push(() => void raw.close());
  const page = raw.prepare<[number, number], { position: number }>(
    `SELECT ${SQLITE_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
  );
  const [bareReadRun, readRun] = await group(cfg, [
    scans(() => {
      let after = 0;
      let n = 0;
      for (;;) {
        const rows = page.all(after, cfg.page);
        n += rows.length;
        if (rows.length < cfg.page) return n;
        after = rows[rows.length - 1]!.position;
      }
    }),
    scans(() => readAllScan(reader, cfg.page)),
  ]);
  const what = `pages of ${cfg.page} (${int(cfg.readEvents)} events)`;
  const bareRead = record('sqlite.bare.readAll', 'sqlite', `bare SELECT … ORDER BY position, ${what}`, bareReadRun!, {
    baseline: true,
    eventsPerOp: cfg.readEvents,
    unit: 'scans',
  });
  compare(
    record('sqlite.adapter.readAll', 'sqlite', `adapter: readAll, ${what}`, readRun!, {
      eventsPerOp: cfg.readEvents,
      unit: 'scans',
    }),
    bareRead,
  );
}

async function readAllScan(store: EventStore, pageSize: number): Promise<number> {
  let after = 0n;
  let n = 0;
  for (;;) {
    const events = await store.readAll({ after, maxCount: pageSize });
    n += events.length;
    if (events.length < pageSize) return n;
    after = events[events.length - 1]!.position;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Invalid schema name '${name}'`);
  return `"${name}"`;
}

/** Shaped like the adapter's `events` table (position is an identity here instead of xid-derived). */
function barePgSchema(s: string): string {
  return `
    CREATE SCHEMA ${s};
    CREATE TABLE ${s}.events (
      position       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      transaction_id xid8        NOT NULL DEFAULT pg_current_xact_id(),
      event_id       uuid        NOT NULL UNIQUE,
      stream         text        NOT NULL,
      revision       bigint      NOT NULL,
      type           text        NOT NULL,
      data           json        NOT NULL,
      metadata       json        NOT NULL,
      account_id     text        NOT NULL,
      category       text        NOT NULL,
      recorded_at    timestamptz NOT NULL DEFAULT now(),
      UNIQUE (stream, revision)
    );
    CREATE INDEX ON ${s}.events (account_id, position);`;
}

/** A bare `pg` insert loop: one autocommit INSERT of one row, or one INSERT … SELECT FROM unnest of n rows. */
function barePgInsert(pool: Pool, s: string, shape: Shape, slots: readonly Slot[]): Workload<BareInput> {
  const one = `INSERT INTO ${s}.events (event_id, stream, revision, type, data, metadata, account_id, category)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;
  const many = `INSERT INTO ${s}.events (event_id, stream, revision, type, data, metadata, account_id, category)
                SELECT t.id, t.stream, t.revision, t.type, t.data::json, t.metadata::json, t.account, t.category
                FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
                     AS t(id, stream, revision, type, data, metadata, account, category)`;
  return {
    eventsPerOp: shape.eventsPerWrite,
    prepare: bareInputs(shape, slots),
    run: ({ slot, rows }) => {
      const stream = slot.write[0]!;
      const category = categoryOf(stream);
      let revision = slot.writeRev[0]!;
      const batch = rows[0]!;
      slot.writeRev[0] = revision + BigInt(batch.length);
      if (batch.length === 1) {
        const r = batch[0]!;
        return pool.query(one, [r.id, stream, String(revision + 1n), r.type, r.data, r.metadata, ACCOUNT, category]);
      }
      const revisions = batch.map(() => String(++revision));
      return pool.query(many, [
        batch.map((r) => r.id),
        batch.map(() => stream),
        revisions,
        batch.map((r) => r.type),
        batch.map((r) => r.data),
        batch.map((r) => r.metadata),
        batch.map(() => ACCOUNT),
        batch.map(() => category),
      ]);
    },
  };
}

async function seedBarePg(pool: Pool, s: string, streams: readonly string[]): Promise<void> {
  const rows = streams.map(() => newRow());
  await pool.query(
    `INSERT INTO ${s}.events (event_id, stream, revision, type, data, metadata, account_id, category)
     SELECT t.id, t.stream, 0, t.type, t.data::json, t.metadata::json, $5, t.category
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $6::text[], $7::text[]) AS t(id, stream, type, data, metadata, category)`,
    [
      rows.map((r) => r.id),
      streams,
      rows.map((r) => r.type),
      rows.map((r) => r.data),
      ACCOUNT,
      rows.map((r) => r.metadata),
      streams.map(categoryOf),
    ],
  );
}

async function benchPostgres(cfg: Config, cleanups: (() => Promise<void> | void)[]): Promise<string | undefined> {
  const admin = new Pool({ connectionString: cfg.databaseUrl, max: 2 });
  admin.on('error', () => undefined);
  let version: string;
  try {
    const { rows } = await admin.query<{ v: string }>(
      `SELECT current_setting('server_version') || ' (synchronous_commit=' || current_setting('synchronous_commit') ||
              ', shared_buffers=' || current_setting('shared_buffers') || ')' AS v`,
    );
    version = rows[0]!.v;
  } catch (error) {
    await admin.end();
    console.log(`PostgreSQL skipped: ${redact(cfg.databaseUrl)} is unreachable (${(error as Error).message})`);
    return undefined;
  }
  const writers = Math.max(1, cfg.writers);
  const names = {
    bare: `bench_bare_${process.pid}`,
    store: `bench_es_${process.pid}`,
    read: `bench_read_${process.pid}`,
  };
  const dropAll = async (): Promise<void> => {
    for (const name of Object.values(names)) await admin.query(`DROP SCHEMA IF EXISTS ${ident(name)} CASCADE`);
  };
  await dropAll();
  cleanups.push(async () => {
    await dropAll().catch((error: Error) => console.error(`Could not drop bench schemas: ${error.message}`));
    await admin.end();
  });
  const bs = ident(names.bare);
  await admin.query(barePgSchema(bs));
  const pool = new Pool({ connectionString: cfg.databaseUrl, max: Math.max(16, writers) });
  pool.on('error', () => undefined);
  cleanups.push(() => pool.end());
  const store = await PostgresEventStore.create({
    connectionString: cfg.databaseUrl,
    schema: names.store,
    poolSize: Math.max(16, writers),
  });
  cleanups.push(() => store.close());
  console.log(`PostgreSQL ${version} (${redact(cfg.databaseUrl)}, schemas ${Object.values(names).join(', ')})`);

  const perWriterStreams = (n: number): number => Math.max(1, Math.floor(cfg.streams / n));
  for (const n of writers === 1 ? [1] : [1, writers]) {
    const w = ` [${n} writer${n === 1 ? '' : 's'}]`;
    const bareSlots = async (shape: Shape): Promise<Slot[][]> => {
      const all = Array.from({ length: n }, () => makeSlots(shape, perWriterStreams(n)));
      await seedBarePg(pool, bs, all.flatMap(slotStreams));
      return all;
    };
    const storeSlots = async (shape: Shape): Promise<Slot[][]> => {
      const all = Array.from({ length: n }, () => makeSlots(shape, perWriterStreams(n)));
      await seedStreams(store, all.flatMap(slotStreams));
      return all;
    };
    const [bare1Run, singleRun, twoRun] = await group(cfg, [
      concurrent(
        cfg,
        (await bareSlots(SINGLE)).map((s) => barePgInsert(pool, bs, SINGLE, s)),
      ),
      concurrent(
        cfg,
        (await storeSlots(SINGLE)).map((s) => adapterWorkload(store, SINGLE, s)),
      ),
      concurrent(
        cfg,
        (await storeSlots(TWO_STREAM)).map((s) => adapterWorkload(store, TWO_STREAM, s)),
      ),
    ]);
    const opts = { writers: n, eventsPerOp: 1, unit: 'appends' } as const;
    const bare1 = record(`postgres.bare.insert1.w${n}`, 'postgres', `bare insert loop, 1 row/tx${w}`, bare1Run!, {
      ...opts,
      baseline: true,
      unit: 'tx',
    });
    const single = record(
      `postgres.adapter.single.w${n}`,
      'postgres',
      `adapter: single-stream append (1 event, expected revision)${w}`,
      singleRun!,
      opts,
    );
    const two = record(
      `postgres.adapter.twoStream.w${n}`,
      'postgres',
      `adapter: two-stream checked append (2 writes + 1 check)${w}`,
      twoRun!,
      {
        ...opts,
        eventsPerOp: 2,
        metric: 'ops',
      },
    );
    compare(single, bare1);
    compare(two, bare1);

    const [bare100Run, batchRun] = await group(cfg, [
      concurrent(
        cfg,
        (await bareSlots(BATCH)).map((s) => barePgInsert(pool, bs, BATCH, s)),
      ),
      concurrent(
        cfg,
        (await storeSlots(BATCH)).map((s) => adapterWorkload(store, BATCH, s)),
      ),
    ]);
    const bare100 = record(
      `postgres.bare.insert100.w${n}`,
      'postgres',
      `bare insert loop, 100 rows/tx${w}`,
      bare100Run!,
      {
        ...opts,
        eventsPerOp: 100,
        baseline: true,
        unit: 'tx',
      },
    );
    compare(
      record(`postgres.adapter.batch100.w${n}`, 'postgres', `adapter: 100-event append${w}`, batchRun!, {
        ...opts,
        eventsPerOp: 100,
      }),
      bare100,
    );
  }

  const reader = await PostgresEventStore.create({
    connectionString: cfg.databaseUrl,
    schema: names.read,
    poolSize: 4,
  });
  cleanups.push(() => reader.close());
  await seedEvents(reader, cfg.readEvents, 4);
  const rs = ident(names.read);
  await admin.query(`VACUUM ANALYZE ${rs}.events`);
  const [bareReadRun, readRun] = await group(cfg, [
    scans(async () => {
      let after = '0';
      let n = 0;
      for (;;) {
        const { rows } = await pool.query<{ position: string }>(
          `SELECT position, event_id, stream, revision, type, data, metadata, recorded_at FROM ${rs}.events
           WHERE position > $1 ORDER BY position LIMIT $2`,
          [after, cfg.page],
        );
        n += rows.length;
        if (rows.length < cfg.page) return n;
        after = rows[rows.length - 1]!.position;
      }
    }),
    scans(() => readAllScan(reader, cfg.page)),
  ]);
  const what = `pages of ${cfg.page} (${int(cfg.readEvents)} events)`;
  const bareRead = record(
    'postgres.bare.readAll',
    'postgres',
    `bare SELECT … ORDER BY position, ${what}`,
    bareReadRun!,
    {
      baseline: true,
      eventsPerOp: cfg.readEvents,
      unit: 'scans',
    },
  );
  compare(
    record('postgres.adapter.readAll', 'postgres', `adapter: readAll, ${what}`, readRun!, {
      eventsPerOp: cfg.readEvents,
      unit: 'scans',
    }),
    bareRead,
  );
  return version;
}

// ---------------------------------------------------------------------------------------------------------------
// Report

interface Target {
  name: string;
  value?: number;
  threshold: number;
  unit: string;
  /** Min–max over the rounds. */
  spread?: string;
  pass?: boolean;
}

function targets(): Target[] {
  const two = figures.find((f) => f.id === 'sqlite.adapter.twoStream');
  const vs = two?.vs.find((v) => v.to === 'sqlite.bare.sameSql');
  const read = figures.find((f) => f.id === 'sqlite.adapter.readAll');
  const rates = read?.sliceRates ?? [];
  return [
    {
      name: 'SQLite two-stream checked append ≥ 0.7× the bare loop doing the same SQL',
      value: vs?.ratio,
      threshold: 0.7,
      unit: '×',
      spread: vs?.perRound && `${vs.perRound.min.toFixed(2)}–${vs.perRound.max.toFixed(2)}×`,
      pass: vs === undefined ? undefined : vs.ratio >= 0.7,
    },
    {
      name: 'read-all ≥ 100,000 events/s on SQLite',
      value: read?.eventsPerSec,
      threshold: 100_000,
      unit: 'events/s',
      spread: rates.length > 0 ? `${int(Math.min(...rates))}–${int(Math.max(...rates))}` : undefined,
      pass: read === undefined ? undefined : read.eventsPerSec >= 100_000,
    },
  ];
}

function ratioText(f: Figure): string {
  if (f.vs.length === 0) return f.baseline ? 'baseline' : '';
  return f.vs
    .map((v) => `${v.ratio.toFixed(2)}× ${figures.find((b) => b.id === v.to)?.label.replace(/ \[.*\]$/, '') ?? v.to}`)
    .join('; ');
}

function targetValue(t: Target): string {
  if (t.value === undefined) return 'not measured';
  return t.unit === '×' ? `${t.value.toFixed(2)}×` : `${int(t.value)} ${t.unit}`;
}

function verdict(t: Target): string {
  return t.pass === undefined ? 'n/a' : t.pass ? 'PASS' : 'MISS';
}

function table(headers: string[], rows: string[][], align: ('l' | 'r')[]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (align[i] === 'r' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)];
}

function figureTable(): string[] {
  return table(
    ['Store', 'Measurement', 'Writers', 'Result', 'Ratio to baseline'],
    figures.map((f) => [
      f.store,
      f.label.replace(/ \[\d+ writers?\]$/, ''),
      String(f.writers),
      rateText(f),
      ratioText(f),
    ]),
    ['l', 'l', 'r', 'r', 'l'],
  );
}

function targetTable(): string[] {
  return table(
    ['Target', 'Measured', 'Per-round spread', 'Result'],
    targets().map((t) => [t.name, targetValue(t), t.spread ?? '', verdict(t)]),
    ['l', 'r', 'r', 'l'],
  );
}

/** Hides a password in a connection string. */
function redact(value: string): string {
  return value.replace(/(\/\/[^:@/]*:)[^@/]*@/, '$1***@');
}

function commandLine(argv: readonly string[]): string {
  const env = Object.keys(process.env)
    .filter((k) => k.startsWith('BENCH_') || k === 'DATABASE_URL')
    .sort()
    .map((k) => `${k}=${redact(process.env[k] ?? '')}`);
  const args = argv.length > 0 ? ` -- ${argv.join(' ')}` : '';
  return [...env, `npm run bench:event-store${redact(args)}`].join(' ');
}

interface Machine {
  nproc: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  sqlite: string;
  betterSqlite3: string;
  postgres?: string;
  fsyncMs: number;
}

/** Median time of a 4 KiB write + fsync in the temp dir: what a synchronous commit or checkpoint waits for. */
function fsyncLatency(dir: string): number {
  const path = join(dir, 'fsync-probe');
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(4096);
  const times: number[] = [];
  try {
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      writeSync(fd, block);
      fsyncSync(fd);
      times.push(performance.now() - t0);
    }
  } finally {
    closeSync(fd);
    rmSync(path);
  }
  return times.sort((a, b) => a - b)[times.length >> 1]!;
}

async function writeReadme(path: string, cfg: Config, machine: Machine, date: string, command: string): Promise<void> {
  const md = [
    '## Event store',
    '',
    '`bench/event-store/run.ts` measures our SQLite and PostgreSQL event store adapters in one run, next to bare',
    'driver loops on tables shaped like the adapters’ `events` table:',
    '',
    '- **bare insert loop**: better-sqlite3 / `pg` inserting one row per transaction (autocommit) or 100 rows per',
    '  transaction, into their own throwaway database / schema.',
    '- **bare loop doing the adapter’s two-stream checked SQL** (SQLite): per iteration one `BEGIN IMMEDIATE`',
    '  transaction with `SELECT max(revision)` for the checked stream and both written streams, the two INSERTs and',
    '  `COMMIT`, with prepared statements and no TypeScript layers. It is the denominator of the first target.',
    '- **adapter**: `append` of 1 event with an expected revision; of 1 event to each of two streams with expected',
    '  revisions plus one read-only check; of 100 events to one stream; and `readAll` in pages over a fresh data set.',
    '  PostgreSQL runs the append figures with 1 writer and with concurrent writers (own streams per writer, pool',
    `  size ≥ ${Math.max(16, cfg.writers)}).`,
    '',
    'Ratios compare appends/s with baseline transactions/s (events/s for 100-event appends and reads). Each figure is',
    `a ${cfg.warmup} s warm-up and ${cfg.seconds} s of timed work in ${cfg.rounds} slices that alternate with the`,
    'slices of the figures it is compared with (order rotating per round), so drift on a shared machine hits both',
    'alike; ratios use the pooled rates, and the target table also shows the spread of the per-round ratios. The',
    'SQLite two-stream target pair gets twice the time. Event objects are generated outside the timed part; the',
    'adapters validate and serialize them inside `append`, the bare loops bind pre-serialized rows.',
    'SQLite uses files in a temp directory (WAL, `synchronous=NORMAL`); PostgreSQL uses throwaway schemas that are',
    'dropped afterwards.',
    '',
    '```sh',
    'npm run bench:event-store -- --help',
    'BENCH_SECONDS=1 BENCH_SKIP_PG=1 npm run bench:event-store',
    '```',
    '',
    `### Results (${date})`,
    '',
    ...figureTable(),
    '',
    ...targetTable(),
    '',
    `- Machine: ${machine.nproc} CPUs (nproc; ${machine.cpu}), ${machine.memoryGiB} GiB RAM`,
    `- Node ${machine.node}; SQLite ${machine.sqlite} (better-sqlite3 ${machine.betterSqlite3}); PostgreSQL ${machine.postgres ?? 'not measured'}`,
    `- Temp-dir disk: 4 KiB write + fsync ${machine.fsyncMs.toFixed(2)} ms (median of 50)`,
    `- Date: ${date}`,
    `- Command: \`${command}\``,
    '',
  ].join('\n');
  await writeReadmeSection(path, md);
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const cfg = parseConfig(argv);
  if (cfg.readEvents < 100_000)
    console.warn(`Note: --read-events ${cfg.readEvents} is below the 100k the target assumes`);
  const started = performance.now();
  const date = new Date().toISOString();
  const dir = mkdtempSync(join(tmpdir(), 'bench-event-store-'));
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  let cleaned = false;
  const cleanup = async (): Promise<void> => {
    if (cleaned) return;
    cleaned = true;
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch (error) {
        console.error(`cleanup: ${(error as Error).message}`);
      }
    }
  };
  process.once('SIGINT', () => {
    void cleanup().finally(() => process.exit(130));
  });

  const probe = new Database(':memory:');
  const machine: Machine = {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    sqlite: probe.prepare<[], { v: string }>('SELECT sqlite_version() AS v').get()!.v,
    betterSqlite3: (
      JSON.parse(readFileSync(require.resolve('better-sqlite3/package.json'), 'utf8')) as { version: string }
    ).version,
    fsyncMs: fsyncLatency(dir),
  };
  probe.close();

  try {
    if (cfg.sqlite) await benchSqlite(cfg, dir, cleanups);
    if (cfg.postgres) machine.postgres = await benchPostgres(cfg, cleanups);
  } finally {
    await cleanup();
  }

  const elapsed = (performance.now() - started) / 1000;
  const command = commandLine(argv);
  console.log('');
  console.log(figureTable().join('\n'));
  console.log('');
  console.log(targetTable().join('\n'));
  console.log('');
  console.log(
    `nproc ${machine.nproc}, node ${machine.node}, SQLite ${machine.sqlite}, PostgreSQL ${machine.postgres ?? 'n/a'}; ` +
      `${date}; ${elapsed.toFixed(0)} s total`,
  );

  const root = resolve(__dirname, '..');
  mkdirSync(join(root, 'results'), { recursive: true });
  const out = join(root, 'results', `event-store-${date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    out,
    JSON.stringify(
      { date, command, machine, config: cfg, elapsedSeconds: elapsed, figures, targets: targets() },
      null,
      2,
    ) + '\n',
  );
  console.log(`Results: ${out}`);
  if (cfg.readme) {
    await writeReadme(join(root, 'README.md'), cfg, machine, date, command);
    console.log(`README: ${join(root, 'README.md')}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
