/**
 * bench/associations (issue 5), one run, side by side:
 *  (a) the ceiling: a bare NestJS + fastify endpoint validating the same body and doing one SQLite insert per request;
 *  (b) our labeled PUT through HTTP, 50 connections, embedded (SQLite events + read models, projections in-process);
 *  (c) `batch/create` with 100 inputs per request (associations/s);
 *  (d) labeling a hub company that already has 100,000 associations vs a fresh company (latency ratio).
 * Targets: (b) ≥ 0.8 × (a); (c) ≥ 10,000 associations/s; (d) ≤ 1.5. Load generator: autocannon.
 *
 * `npm run build` first: (b)–(d) run the built api as a child process, like production does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Result as CannonResult } from 'autocannon';
import { Command } from 'commander';
import { SignJWT } from 'jose';
import { writeReadmeSection } from '../readme-section';
import {
  BENCH_SECRET,
  ROOT,
  embeddedStack,
  productionStack,
  projectionsReach,
  startNode,
  stopNode,
  waitFor,
  type Stack,
} from '../support/stacks';

interface Config {
  seconds: number;
  connections: number;
  batchConnections: number;
  hubSize: number;
  hubSamples: number;
  modes: string[];
  databaseUrl: string;
  redisUrl: string;
  readme: boolean;
  /** Which of (b), (c) and (d) to run (all for a recorded run; one alone to profile it). */
  runs: string[];
  pairs: PairOrder;
}

/**
 * Pair k of a grid of contacts × companies: every k names a different pair. `hub` (the recorded order): 2,000 pairs
 * in a row share one company, as when one hub record is being filled; `spread`: consecutive pairs name different
 * companies (200 in turn), so concurrent requests rarely meet on a record.
 */
function pair(
  k: number,
  contacts: readonly string[],
  companies: readonly string[],
  order: PairOrder,
): [string, string] {
  if (order === 'spread') {
    return [contacts[Math.floor(k / companies.length) % contacts.length]!, companies[k % companies.length]!];
  }
  return [contacts[k % contacts.length]!, companies[Math.floor(k / contacts.length) % companies.length]!];
}

type PairOrder = 'hub' | 'spread';

interface Throughput {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** After the load: until every projection had applied the last write. */
  catchUpSeconds?: number;
}

const NOT_RUN: Throughput = { requests: 0, perSecond: 0, p50: 0, p99: 0, non2xx: 0, errors: 0 };

function summarise(result: CannonResult): Throughput {
  return {
    requests: result.requests.total,
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function cannon(options: autocannon.Options): Promise<CannonResult> {
  return new Promise((resolveRun, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolveRun(result)));
  });
}

/** Sends each request of a path generator, `connections` at a time, for `seconds`; every request a new pair. */
function labeledPuts(
  base: string,
  headers: Record<string, string>,
  cfg: Config,
  path: (n: number) => string,
  body: string,
): Promise<CannonResult> {
  let n = 0;
  return cannon({
    url: base,
    connections: cfg.connections,
    duration: cfg.seconds,
    headers: { ...headers, 'content-type': 'application/json' },
    requests: [{ method: 'PUT', body, setupRequest: (request) => ({ ...request, path: path(n++) }) }],
  });
}

async function baseline(cfg: Config, port: number, dir: string): Promise<Throughput> {
  const child = startNode(
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'bench/associations/baseline-app.ts'],
    { PORT: String(port), SQLITE_PATH: join(dir, 'baseline.sqlite') },
  );
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(base, false);
    const body = JSON.stringify([{ associationCategory: 'USER_DEFINED', associationTypeId: 1000 }]);
    const path = (n: number) => `/crm/v4/objects/contacts/${n % 2000}/associations/companies/${Math.floor(n / 2000)}`;
    await labeledPuts(base, {}, { ...cfg, seconds: 2 }, path, body); // warm-up
    return summarise(await labeledPuts(base, {}, cfg, path, body));
  } finally {
    await stopNode(child);
  }
}

class Api {
  constructor(
    readonly base: string,
    readonly headers: Record<string, string>,
  ) {}

  async call<T>(method: string, path: string, body?: unknown, expect = [200, 201, 204]): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { ...this.headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!expect.includes(response.status)) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Creates `count` records of a type through batch/create, 100 per request, a few requests at a time. */
  async createRecords(objectType: string, count: number, properties: (i: number) => object): Promise<string[]> {
    const ids: string[] = [];
    const chunks: number[][] = [];
    for (let i = 0; i < count; i += 100) chunks.push(Array.from({ length: Math.min(100, count - i) }, (_, j) => i + j));
    for (let c = 0; c < chunks.length; c += 4) {
      const pages = await Promise.all(
        chunks.slice(c, c + 4).map((chunk) =>
          this.call<{ results: { id: string }[] }>('POST', `/crm/v3/objects/${objectType}/batch/create`, {
            inputs: chunk.map((i) => ({ properties: properties(i) })),
          }),
        ),
      );
      for (const page of pages) ids.push(...page.results.map((r) => r.id));
    }
    return ids;
  }
}

interface Ours {
  b: Throughput;
  batch: Throughput;
  hub?: { hubMs: number; freshMs: number; samples: number };
}

/** (b), (c) and, with `withHub`, (d) against a running stack. */
async function ours(cfg: Config, stack: Stack, withHub: boolean): Promise<Ours> {
  try {
    const { base } = stack;
    const token = await new SignJWT({ accountId: `bench${Date.now()}`, roles: ['super_admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('bench')
      .setExpirationTime('2h')
      .sign(new TextEncoder().encode(BENCH_SECRET));
    const client = new Api(base, { authorization: `Bearer ${token}` });
    const label = await client.call<{ results: { typeId: number }[] }>(
      'POST',
      '/crm/v4/associations/contacts/companies/labels',
      { name: 'decision_maker', label: 'Decision maker' },
    );
    const typeId = label.results[0]!.typeId;
    const spec = { associationCategory: 'USER_DEFINED', associationTypeId: typeId };

    const setupStarted = performance.now();
    const contacts = await client.createRecords('contacts', 2000, (i) => ({ email: `c${i}@bench.example` }));
    const companies = await client.createRecords('companies', 200, (i) => ({ domain: `co${i}.example` }));
    console.error(
      `setup: ${contacts.length + companies.length} records in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
    );

    // (b) labeled PUT, 50 connections, each request a new pair.
    const put = (offset: number) => (n: number) => {
      const [contact, company] = pair(offset + n, contacts, companies, cfg.pairs);
      return `/crm/v4/objects/contacts/${contact}/associations/companies/${company}`;
    };
    const body = JSON.stringify([spec]);
    await labeledPuts(base, client.headers, { ...cfg, seconds: 2 }, put(0), body); // warm-up
    const b = cfg.runs.includes('b')
      ? summarise(await labeledPuts(base, client.headers, cfg, put(100_000), body))
      : NOT_RUN;
    if (cfg.runs.includes('b')) {
      const last = await fetch(`${base}${put(0)(99_999)}`, {
        method: 'PUT',
        headers: { ...client.headers, 'content-type': 'application/json' },
        body,
      });
      b.catchUpSeconds = await projectionsReach(stack, BigInt(last.headers.get('x-event-position') ?? '0'));
    }

    // (c) batch/create, 100 inputs per request, each input a new pair.
    if (!cfg.runs.includes('c')) return { b, batch: NOT_RUN };
    let batchN = 0;
    const batchOffset = 250_000;
    const c = await cannon({
      url: base,
      connections: cfg.batchConnections,
      duration: cfg.seconds,
      headers: { ...client.headers, 'content-type': 'application/json' },
      requests: [
        {
          method: 'POST',
          path: '/crm/v4/associations/contacts/companies/batch/create',
          setupRequest: (request) => {
            const inputs = Array.from({ length: 100 }, () => {
              const [contact, company] = pair(batchOffset + batchN++, contacts, companies, cfg.pairs);
              return { from: { id: contact }, to: { id: company }, types: [spec] };
            });
            return { ...request, body: JSON.stringify({ inputs }) };
          },
        },
      ],
    });
    const batch = summarise(c);
    // Projections run behind the writes under this load: the rate that counts is with their work done.
    const last = await fetch(`${base}/crm/v4/associations/contacts/companies/batch/create`, {
      method: 'POST',
      headers: { ...client.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [{ from: { id: contacts[0] }, to: { id: companies[1] }, types: [spec] }] }),
    });
    batch.catchUpSeconds = await projectionsReach(stack, BigInt(last.headers.get('x-event-position') ?? '0'));
    if (!withHub || !cfg.runs.includes('d')) return { b, batch };

    // (d) a hub company with hubSize associations vs a fresh company, labeled by the same kind of request.
    const hubStarted = performance.now();
    const hubContacts = await client.createRecords('contacts', cfg.hubSize + cfg.hubSamples, (i) => ({
      email: `hub${i}@bench.example`,
    }));
    const [hub, fresh] = await client.createRecords('companies', 2, (i) => ({ domain: `hub${i}.example` }));
    for (let i = 0; i < cfg.hubSize; i += 100) {
      const inputs = hubContacts.slice(i, Math.min(i + 100, cfg.hubSize)).map((id) => ({
        from: { id },
        to: { id: hub },
        types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }],
      }));
      await client.call('POST', '/crm/v4/associations/contacts/companies/batch/create', { inputs });
    }
    console.error(`hub: ${cfg.hubSize} associations in ${((performance.now() - hubStarted) / 1000).toFixed(1)} s`);
    const hubMs: number[] = [];
    const freshMs: number[] = [];
    const samples = hubContacts.slice(cfg.hubSize);
    for (let i = 0; i < samples.length; i++) {
      // Alternate so drift (GC, checkpoints) lands on both sides equally.
      for (const [company, into] of i % 2 === 0
        ? ([
            [hub, hubMs],
            [fresh, freshMs],
          ] as const)
        : ([
            [fresh, freshMs],
            [hub, hubMs],
          ] as const)) {
        const started = performance.now();
        await client.call('PUT', `/crm/v4/objects/contacts/${samples[i]}/associations/companies/${company}`, [spec]);
        into.push(performance.now() - started);
      }
    }
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
    return { b, batch, hub: { hubMs: median(hubMs), freshMs: median(freshMs), samples: samples.length } };
  } finally {
    await stack.close();
  }
}

async function main(): Promise<void> {
  const program = new Command()
    .description('Associations write path vs a bare NestJS + SQLite ceiling (run `npm run build` first)')
    .option('--seconds <n>', 'duration of each load run', '15')
    .option('--connections <n>', 'connections for (a) and (b)', '50')
    .option('--batch-connections <n>', 'connections for (c)', '4')
    .option('--hub-size <n>', 'associations of the hub company in (d)', '100000')
    .option('--hub-samples <n>', 'labeled PUTs per side in (d)', '200')
    .option('--modes <list>', 'embedded (all runs) and/or production ((b) and (c))', 'embedded,production')
    .option(
      '--database-url <url>',
      'PostgreSQL server for production mode (a scratch database is created and dropped)',
      'postgres://postgres@127.0.0.1:5432/test',
    )
    .option('--redis-url <url>', 'Redis database for production mode (flushed)', 'redis://127.0.0.1:6379/9')
    .option('--runs <list>', 'of (b), (c) and (d), which to run (all with --readme)', 'b,c,d')
    .option('--pairs <order>', 'hub: 2,000 pairs in a row on one company (recorded); spread: companies in turn', 'hub')
    .option('--readme', 'replace the "## Associations" section of bench/README.md', false)
    .parse();
  const o = program.opts<Record<string, string | boolean>>();
  const cfg: Config = {
    seconds: Number(o.seconds),
    connections: Number(o.connections),
    batchConnections: Number(o.batchConnections),
    hubSize: Number(o.hubSize),
    hubSamples: Number(o.hubSamples),
    modes: String(o.modes).split(','),
    databaseUrl: String(o.databaseUrl),
    redisUrl: String(o.redisUrl),
    readme: o.readme === true,
    runs: String(o.runs).split(','),
    pairs: o.pairs === 'spread' ? 'spread' : 'hub',
  };
  if (o.pairs !== 'hub' && o.pairs !== 'spread') throw new Error('--pairs is hub or spread');
  if (cfg.readme && cfg.pairs !== 'hub') throw new Error('--readme records the hub order');
  if (cfg.readme && !['b', 'c', 'd'].every((r) => cfg.runs.includes(r))) throw new Error('--readme records every run');
  const dir = mkdtempSync(join(tmpdir(), 'bench-associations-'));
  try {
    const a = await baseline(cfg, 4810, dir);
    console.error(`(a) ${a.perSecond.toFixed(0)} req/s`);
    const runs: { mode: string; result: Ours }[] = [];
    if (cfg.modes.includes('embedded')) {
      runs.push({ mode: 'embedded', result: await ours(cfg, await embeddedStack(4820), true) });
    }
    if (cfg.modes.includes('production')) {
      runs.push({ mode: 'production', result: await ours(cfg, await productionStack(4830, cfg), false) });
    }
    const row = (name: string, t: Throughput) =>
      `| ${name} | ${t.perSecond.toFixed(0)} req/s | ${t.p50} / ${t.p99} ms | ${t.requests} (${t.non2xx} non-2xx, ${t.errors} errors) |`;
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
    const command = `npm run build && npm run bench:associations -- --seconds ${cfg.seconds} --modes ${cfg.modes.join(',')}${cfg.pairs === 'spread' ? ' --pairs spread' : ''}${cfg.readme ? ' --readme' : ''}`;
    const hub = runs.find((r) => r.result.hub)?.result.hub;
    const section = [
      '## Associations',
      '',
      '`bench/associations/run.ts`: (a) a bare NestJS + fastify endpoint that validates the same body with class-validator',
      'and does one SQLite insert per request (WAL, `synchronous = NORMAL`, like the event store); (b) our labeled PUT',
      '(`/crm/v4/objects/contacts/{id}/associations/companies/{id}`, every request a new pair, set semantics, one label)',
      'through the built api (JWT auth, logging) in embedded mode (one process: SQLite events and read models, projections',
      'in-process) and in production mode (api and projector processes: PostgreSQL events, Redis read models);',
      `(c) \`batch/create\` with 100 inputs per request, ${cfg.batchConnections} connections; (d) embedded only: labeled PUTs to a`,
      `company with ${cfg.hubSize.toLocaleString('en')} associations vs to a fresh company, ${hub?.samples ?? 0} each, alternating, sequential.`,
      `Load: autocannon, ${cfg.connections} connections, ${cfg.seconds} s per run after a 2 s warm-up, on the same machine as the server`,
      '(and, in production mode, as PostgreSQL, Redis and the projector).',
      '',
      '| Run | Throughput | Latency p50 / p99 | Requests |',
      '| --- | --- | --- | --- |',
      row('(a) bare NestJS + SQLite insert', a),
      ...runs.flatMap(({ mode, result }) => [
        row(`(b) labeled PUT, ${mode}`, result.b),
        row(`(c) batch/create, 100 inputs, ${mode}`, result.batch),
      ]),
      '',
      ...runs.flatMap(({ mode, result }) => {
        const ratioB = result.b.perSecond / a.perSecond;
        const sustainedB = result.b.requests / (cfg.seconds + (result.b.catchUpSeconds ?? 0));
        const catchUp = result.batch.catchUpSeconds ?? 0;
        const perSecondC = (result.batch.requests * 100) / (cfg.seconds + catchUp);
        return [
          `- ${mode}: (b) / (a) = **${ratioB.toFixed(2)}×** (target ≥ 0.8×): ${verdict(ratioB >= 0.8)}; projections caught up ${(result.b.catchUpSeconds ?? 0).toFixed(1)} s after the load (${sustainedB.toFixed(0)} req/s with their work done)`,
          `- ${mode}: (c) = **${perSecondC.toFixed(0)} associations/s** with projections caught up (${result.batch.requests * 100} in ${cfg.seconds} s of load + ${catchUp.toFixed(1)} s until every projection had applied them; ${(result.batch.perSecond * 100).toFixed(0)}/s acknowledged) (target ≥ 10,000): ${verdict(perSecondC >= 10_000)}`,
        ];
      }),
      ...(hub
        ? [
            `- (d) hub median ${hub.hubMs.toFixed(2)} ms vs fresh ${hub.freshMs.toFixed(2)} ms = **${(hub.hubMs / hub.freshMs).toFixed(2)}** (target ≤ 1.5): ${verdict(hub.hubMs / hub.freshMs <= 1.5)}`,
          ]
        : []),
      `- Machine: ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM; Node ${process.version}`,
      `- Date: ${new Date().toISOString()}`,
      `- Command: \`${command}\``,
    ].join('\n');
    console.log(section);
    if (cfg.readme) await writeReadmeSection(join(ROOT, 'bench/README.md'), section);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
