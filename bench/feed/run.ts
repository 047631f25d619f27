/**
 * The change feed's performance targets (issue 7), against the embedded deployment (one api process, SQLite events,
 * SQLite read models, projections inline):
 *
 * 1. throughput to one SSE consumer reading a backlog from the start (target ≥ 20,000 events/s from 200,000);
 * 2. live end-to-end latency at a steady write rate (target p99 ≤ 100 ms at 1,000 events/s): writes are contact
 *    creations, `--batch` per `batch/create` request (one public `RecordCreated` each); latency is from sending the
 *    request to the consumer receiving the event, so it includes the request's own latency (an upper bound of
 *    append → receive), and from the response to the event (the feed's own share);
 * 3. the command path's latency with 0 and with N concurrent SSE consumers following live (target: p99 rises ≤ 20%);
 *    the consumers run in a child process, so their parsing does not stall this process's timings.
 *
 * The backlog is seeded straight into the SQLite file (through the same sealed store the api opens) before the api
 * starts. The api runs through ts-node, or from `dist` with `--dist` (after `npm run build`). `--readme` records the figures
 * in bench/README.md.
 */
import { fork } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { randomUUID } from 'node:crypto';
import { get as httpGet } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { createParser } from 'eventsource-parser';
import { SignJWT } from 'jose';
import type { NewEvent } from '@app/event-store';
import { openEventStore } from '@app/runtime';
import { writeReadmeSection } from '../readme-section';
import { API_NODE_ARGS, BENCH_SECRET, ROOT, projectionsReach, startNode, stopNode, waitFor } from '../support/stacks';

const ACCOUNT = 'benchfeed';

interface Config {
  backlog: number;
  rate: number;
  seconds: number;
  consumers: number;
  batch: number;
  commandRate: number;
  port: number;
  readme: boolean;
  dist: boolean;
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number) => Math.round(n * 10) / 10;

async function seed(sqlitePath: string, count: number): Promise<void> {
  const store = await openEventStore({ kind: 'sqlite', sqlitePath });
  try {
    for (let start = 0; start < count; start += 1000) {
      const writes = Array.from({ length: Math.min(1000, count - start) }, (_, i) => {
        const id = randomUUID();
        const recordId = String(start + i + 1);
        const event: NewEvent = {
          id,
          type: 'RecordCreated',
          data: {
            objectTypeId: '0-1',
            recordId,
            properties: { email: `seed${recordId}@example.com`, firstname: 'Seed' },
            createdBy: 'bench',
            createdAt: new Date().toISOString(),
          },
          metadata: {
            accountId: ACCOUNT,
            actor: 'bench',
            commandId: id,
            correlationId: id,
            causationId: id,
            schemaVersion: 1,
          },
        };
        return { stream: `record-${ACCOUNT}.0-1.s${recordId}`, expected: 'no_stream' as const, events: [event] };
      });
      await store.append(writes);
    }
  } finally {
    await store.close();
  }
}

interface FeedReader {
  received: number;
  lastCursor?: string;
  close(): void;
  done: Promise<void>;
}

/** An SSE consumer over fetch; `onEvent` sees each event's envelope and the time it was parsed. */
function follow(
  base: string,
  token: string,
  options: { lastEventId?: string; query?: string; onEvent?: (data: string, at: number) => void },
): FeedReader {
  const abort = new AbortController();
  const reader: FeedReader = { received: 0, close: () => abort.abort(), done: Promise.resolve() };
  const parser = createParser({
    onEvent: (message) => {
      if (message.event === 'heartbeat' || message.event === 'disconnect') return;
      reader.received++;
      reader.lastCursor = message.id;
      options.onEvent?.(message.data, performance.now());
    },
  });
  reader.done = (async () => {
    try {
      const response = await fetch(`${base}/api/v1/events/stream${options.query ?? ''}`, {
        headers: {
          authorization: `Bearer ${token}`,
          ...(options.lastEventId ? { 'last-event-id': options.lastEventId } : {}),
        },
        signal: abort.signal,
      });
      const decoder = new TextDecoder();
      for await (const chunk of response.body!) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
  })();
  return reader;
}

/**
 * Creates contacts at `rate`/s for `seconds`, `batch` per request (`batch/create` when more than one); returns each
 * request's latency, and each contact's send and response times by email.
 */
async function writeAtRate(
  base: string,
  token: string,
  rate: number,
  seconds: number,
  options: { batch?: number; sent?: Map<string, number>; answered?: Map<string, number> } = {},
): Promise<{ latencies: number[]; errors: number }> {
  const batch = options.batch ?? 1;
  const latencies: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  const requests = Math.round((rate * seconds) / batch);
  for (let i = 0; i < requests; i++) {
    const due = start + (i * 1000 * batch) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const emails = Array.from({ length: batch }, () => `live-${randomUUID()}@example.com`);
    const t0 = performance.now();
    for (const email of emails) options.sent?.set(email, t0);
    const [url, body] =
      batch === 1
        ? [`${base}/crm/v3/objects/contacts`, { properties: { email: emails[0] } }]
        : [
            `${base}/crm/v3/objects/contacts/batch/create`,
            { inputs: emails.map((email) => ({ properties: { email } })) },
          ];
    pending.push(
      fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
        .then(async (response) => {
          await response.arrayBuffer();
          if (response.status !== 201) errors++;
          const at = performance.now();
          for (const email of emails) options.answered?.set(email, at);
          latencies.push(at - t0);
        })
        .catch(() => {
          errors++;
        }),
    );
  }
  await Promise.all(pending);
  return { latencies, errors };
}

/** `count` SSE consumers following live from `cursor` in a child process; `stop` ends them and tells the events seen. */
async function startConsumers(
  base: string,
  token: string,
  cursor: string | undefined,
  count: number,
): Promise<{ stop(): Promise<number> }> {
  const child = fork(__filename, [], {
    cwd: ROOT,
    execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
    env: { ...process.env, FEED_CONSUMERS: JSON.stringify({ base, token, cursor, count }) },
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the consumers' process exited (${code})`)));
  });
  return {
    stop: () =>
      new Promise<number>((resolve) => {
        child.once('message', (delivered) => resolve(Number(delivered)));
        child.send('stop');
      }),
  };
}

/**
 * The child side of startConsumers. Each consumer reads its stream to the end and counts event frames by their
 * `event:` lines without parsing them: the api does the same work either way, and a full parse of 100 streams would
 * take CPU from the api on this machine's two shared cores (a real consumer runs elsewhere). The count is for the
 * record only (a marker split across two chunks goes uncounted).
 */
function runConsumers(spec: { base: string; token: string; cursor?: string; count: number }): void {
  const abort = new AbortController();
  setMaxListeners(spec.count + 10, abort.signal);
  const counts = Array.from({ length: spec.count }, () => 0);
  const marker = Buffer.from('\nevent: ');
  const skip = [Buffer.from('\nevent: heartbeat'), Buffer.from('\nevent: disconnect')];
  const url = new URL('/api/v1/events/stream', spec.base);
  // node:http rather than fetch: web streams cost the client several times as much per chunk.
  const requests = counts.map((_, i) =>
    httpGet(
      url,
      {
        headers: { authorization: `Bearer ${spec.token}`, ...(spec.cursor ? { 'last-event-id': spec.cursor } : {}) },
        signal: abort.signal,
      },
      (response) => {
        response.on('data', (bytes: Buffer) => {
          for (let at = bytes.indexOf(marker); at >= 0; at = bytes.indexOf(marker, at + 1)) {
            const isBeat = skip.some(
              (s) => at + s.length <= bytes.length && bytes.compare(s, 0, s.length, at, at + s.length) === 0,
            );
            if (!isBeat) counts[i]!++;
          }
        });
        response.on('error', () => undefined);
      },
    ).on('error', () => undefined),
  );
  void requests;
  process.send!('ready');
  process.on('message', () => {
    abort.abort();
    process.send!(
      counts.reduce((sum, n) => sum + n, 0),
      () => process.exit(0),
    );
  });
}

async function main(): Promise<void> {
  const cfg = new Command('bench:feed')
    .option('--backlog <n>', 'events in the backlog', (v) => Number(v), 200_000)
    .option('--rate <n>', 'live writes per second', (v) => Number(v), 1000)
    .option('--seconds <n>', 'seconds of each live phase', (v) => Number(v), 10)
    .option(
      '--batch <n>',
      'contacts per create request in the live phase (batch/create when > 1)',
      (v) => Number(v),
      10,
    )
    .option('--consumers <n>', 'concurrent SSE consumers in phase 3', (v) => Number(v), 100)
    .option('--command-rate <n>', 'commands per second in phase 3', (v) => Number(v), 200)
    .option('--port <n>', 'api port', (v) => Number(v), 3950)
    .option('--readme', 'record the figures in bench/README.md', false)
    .option('--dist', 'run the built api (npm run build first) instead of ts-node', false)
    .parse()
    .opts<Config>();

  const dir = mkdtempSync(join(tmpdir(), 'bench-feed-'));
  const sqlitePath = join(dir, 'events.sqlite');
  process.stderr.write(`seeding ${cfg.backlog} events…\n`);
  await seed(sqlitePath, cfg.backlog);
  const dist = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
  const args = cfg.dist
    ? [...API_NODE_ARGS, dist]
    : ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'];
  const api = startNode(args, {
    PORT: String(cfg.port),
    EVENT_STORE: 'sqlite',
    SQLITE_PATH: sqlitePath,
    READ_MODELS: 'sqlite',
    READ_MODELS_SQLITE_PATH: join(dir, 'read-models.sqlite'),
    PROJECTIONS: 'inline',
    JWT_SECRET: BENCH_SECRET,
    LOG_LEVEL: 'warn',
    TS_NODE_TRANSPILE_ONLY: 'true',
  });
  const base = `http://127.0.0.1:${cfg.port}`;
  try {
    await waitFor(`${base}/health`, false);
    // The inline projections first apply the seeded backlog; every phase is measured once they have.
    await projectionsReach({ projectionsHealth: `${base}/health` }, BigInt(cfg.backlog));
    const sign = (roles: string[]) =>
      new SignJWT({ accountId: ACCOUNT, roles })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('bench')
        .setExpirationTime('2h')
        .sign(new TextEncoder().encode(BENCH_SECRET));
    const consumerToken = await sign(['consumer']);
    const adminToken = await sign(['super_admin']);

    // 1. Backlog throughput.
    const t0 = performance.now();
    let caughtUp!: () => void;
    const backlogDone = new Promise<void>((r) => (caughtUp = r));
    const first = follow(base, consumerToken, {
      onEvent: () => {
        if (first.received >= cfg.backlog) caughtUp();
      },
    });
    await backlogDone;
    const throughputSeconds = (performance.now() - t0) / 1000;
    const throughput = cfg.backlog / throughputSeconds;
    const cursor = first.lastCursor;
    first.close();
    process.stderr.write(`backlog: ${Math.round(throughput)} events/s\n`);

    // 2. Live latency at `rate`.
    const sent = new Map<string, number>();
    const answered = new Map<string, number>();
    const received = new Map<string, number>();
    const latencies: number[] = [];
    const appendToReceive: number[] = [];
    const live = follow(base, consumerToken, {
      lastEventId: cursor,
      query: '?types=RecordCreated',
      onEvent: (data, at) => {
        const envelope = JSON.parse(data) as { recordedAt: string; data: { properties: { email?: string } } };
        const email = envelope.data.properties.email ?? '';
        const t = sent.get(email);
        if (t !== undefined) latencies.push(at - t);
        // The store's time of the append and this process's clock are the same machine's.
        if (t !== undefined) appendToReceive.push(Date.now() - Date.parse(envelope.recordedAt));
        received.set(email, at);
      },
    });
    await sleep(500);
    const livePhase = await writeAtRate(base, adminToken, cfg.rate, cfg.seconds, { batch: cfg.batch, sent, answered });
    for (let i = 0; i < 100 && latencies.length < sent.size - livePhase.errors * cfg.batch; i++) await sleep(50);
    live.close();
    const achieved = sent.size / cfg.seconds;
    // From the command's response to the event's arrival (0 when the event came first): the feed's own share.
    const afterResponse = [...received].map(([email, at]) => Math.max(0, at - (answered.get(email) ?? at)));
    process.stderr.write(`live: append → received p99 ${round(pct(appendToReceive, 99))} ms\n`);

    // 3. Command latency without and with N consumers following live.
    const alone = await writeAtRate(base, adminToken, cfg.commandRate, cfg.seconds);
    // The consumers run in a process of their own, as real ones would: parsing 100 streams in this process would
    // delay its own command timings (one event loop), which is not the api's doing.
    const readers = await startConsumers(base, consumerToken, live.lastCursor, cfg.consumers);
    await sleep(1000);
    const crowded = await writeAtRate(base, adminToken, cfg.commandRate, cfg.seconds);
    const delivered = await readers.stop();

    const result = {
      backlog: cfg.backlog,
      throughput: Math.round(throughput),
      throughputSeconds: round(throughputSeconds),
      rate: cfg.rate,
      achieved: Math.round(achieved),
      liveEvents: latencies.length,
      liveErrors: livePhase.errors,
      batch: cfg.batch,
      latencyP50: round(pct(latencies, 50)),
      latencyP99: round(pct(latencies, 99)),
      latencyMax: round(Math.max(...latencies)),
      liveCommandP50: round(pct(livePhase.latencies, 50)),
      liveCommandP99: round(pct(livePhase.latencies, 99)),
      appendP50: round(pct(appendToReceive, 50)),
      appendP99: round(pct(appendToReceive, 99)),
      afterResponseP50: round(pct(afterResponse, 50)),
      afterResponseP99: round(pct(afterResponse, 99)),
      commandRate: cfg.commandRate,
      consumers: cfg.consumers,
      aloneP50: round(pct(alone.latencies, 50)),
      aloneP99: round(pct(alone.latencies, 99)),
      crowdedP50: round(pct(crowded.latencies, 50)),
      crowdedP99: round(pct(crowded.latencies, 99)),
      consumerEvents: delivered,
      errors: alone.errors + crowded.errors,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (cfg.readme) {
      const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
      const section = [
        '## Change feed',
        '',
        '`npm run bench:feed -- [--backlog 200000] [--rate 1000] [--batch 10] [--seconds 10] [--consumers 100] [--command-rate 200]' +
          ' --readme`: embedded deployment (one api process, SQLite), the bench process as client. Targets: backlog' +
          " throughput ≥ 20,000 events/s; live p99 ≤ 100 ms at 1,000 events/s (append → received: from the store's" +
          ' `recordedAt` to arrival; send → received adds the request); command p99 with 100 SSE consumers ≤ 1.2 ×' +
          ' without.',
        '',
        `### Results (${new Date().toISOString()}, ${machine})`,
        '',
        '| measure | value |',
        '| --- | --- |',
        `| backlog throughput, one consumer, ${result.backlog} events | ${result.throughput} events/s (${result.throughputSeconds} s) |`,
        `| live, send → received, at ${result.rate}/s asked (${result.achieved}/s sent, ${result.batch} per request), ${result.liveEvents} events | p50 ${result.latencyP50} ms, p99 ${result.latencyP99} ms, max ${result.latencyMax} ms |`,
        `| live, append → received (store's recordedAt to arrival; one clock, ms resolution) | p50 ${result.appendP50} ms, p99 ${result.appendP99} ms |`,
        `| live, send → response (the request itself) | p50 ${result.liveCommandP50} ms, p99 ${result.liveCommandP99} ms |`,
        `| live, response → received | p50 ${result.afterResponseP50} ms, p99 ${result.afterResponseP99} ms |`,
        `| command latency at ${result.commandRate}/s, no consumer | p50 ${result.aloneP50} ms, p99 ${result.aloneP99} ms |`,
        `| command latency at ${result.commandRate}/s, ${result.consumers} SSE consumers | p50 ${result.crowdedP50} ms, p99 ${result.crowdedP99} ms (${round(result.crowdedP99 / result.aloneP99)}×) |`,
        `| errors | ${result.errors + result.liveErrors} |`,
      ].join('\n');
      await writeReadmeSection(join(ROOT, 'bench/README.md'), section);
    }
  } finally {
    await stopNode(api);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.FEED_CONSUMERS) runConsumers(JSON.parse(process.env.FEED_CONSUMERS));
else
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
