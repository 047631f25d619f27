/**
 * Live projection lag while the api takes ~1,000 commands/s over HTTP (issue 3's target), in the two deployments:
 * embedded (one api process: SQLite event store, SQLite read models, projections in-process) and production
 * (api + projector processes: PostgreSQL event store, Redis read models). The commands are label renames — real
 * commands through the whole write path (load → decide → append) — spread over 20 labels of one account.
 *
 * Lag is what a client sees: from a command's response (its `X-Event-Position`) until a query sent with
 * `X-Min-Position: <that position>` is answered without `X-Stale` (the query waits for the label catalogue
 * projection to pass it). It includes that query's HTTP round trip, so it over-states the projection's own lag.
 */
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { SignJWT } from 'jose';
import { writeReadmeSection } from '../readme-section';
import { BENCH_SECRET, ROOT, embeddedStack, productionStack, type Stack } from '../support/stacks';

/** Commands spread over this many accounts × labels, as a multi-tenant service sees them. */
const ACCOUNTS = 50;
const LABELS_PER_ACCOUNT = 4;

interface Config {
  rate: number;
  seconds: number;
  warmup: number;
  probeEvery: number;
  modes: string[];
  databaseUrl: string;
  redisUrl: string;
  readme: boolean;
}

interface Result {
  mode: string;
  commands: number;
  errors: number;
  failures: string;
  achievedRate: number;
  commandP50: number;
  commandP99: number;
  probes: number;
  stale: number;
  lagP50: number;
  lagP99: number;
  lagMax: number;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(mode: string, base: string, cfg: Config): Promise<Result> {
  const run = Date.now();
  const targets: { auth: string; typeId: number }[] = [];
  const labelsUrl = `${base}/crm/v4/associations/contacts/companies/labels`;
  for (let a = 0; a < ACCOUNTS; a++) {
    const token = await new SignJWT({ accountId: `bench${run}_${a}`, roles: ['super_admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('bench')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(BENCH_SECRET));
    const auth = `Bearer ${token}`;
    for (let i = 0; i < LABELS_PER_ACCOUNT; i++) {
      const response = await fetch(labelsUrl, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `l${i}`, label: `L${i}` }),
      });
      if (response.status !== 200) throw new Error(`label create: ${response.status} ${await response.text()}`);
      targets.push({ auth, typeId: ((await response.json()) as { results: { typeId: number }[] }).results[0]!.typeId });
    }
  }
  const commandMs: number[] = [];
  const lagMs: number[] = [];
  let errors = 0;
  const failures = new Map<string, number>();
  const fail = (why: string) => {
    errors++;
    failures.set(why, (failures.get(why) ?? 0) + 1);
  };
  let stale = 0;
  let sent = 0;
  const inFlight = new Set<Promise<void>>();
  const probe = async (auth: string, position: string, answeredAt: number) => {
    const response = await fetch(labelsUrl, { headers: { authorization: auth, 'x-min-position': position } });
    await response.arrayBuffer();
    if (response.headers.get('x-stale') === 'true') stale++;
    else lagMs.push(performance.now() - answeredAt);
  };
  let recording = false;
  const command = async (n: number) => {
    const target = targets[n % targets.length]!;
    const started = performance.now();
    const response = await fetch(labelsUrl, {
      method: 'PUT',
      headers: { authorization: target.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ associationTypeId: target.typeId, label: `L v${n}` }),
    });
    await response.arrayBuffer();
    const answeredAt = performance.now();
    if (!recording) return;
    if (response.status !== 204) {
      fail(`HTTP ${response.status}`);
      return;
    }
    commandMs.push(answeredAt - started);
    if (n % cfg.probeEvery === 0) await probe(target.auth, response.headers.get('x-event-position')!, answeredAt);
  };
  // Open loop: command n is due at start + n/rate, whatever the previous ones are doing.
  const openLoop = async (seconds: number) => {
    const total = sent + cfg.rate * seconds;
    const start = performance.now();
    const first = sent;
    while (sent < total) {
      const due = start + ((sent - first) * 1000) / cfg.rate;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const p = command(sent++).catch((error: unknown) => {
        if (recording) fail((error as Error).message);
      });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    await Promise.all(inFlight);
    return (performance.now() - start) / 1000;
  };
  // Warm-up at the same rate, not recorded: a freshly started process compiles and loads code on first use.
  await openLoop(cfg.warmup);
  recording = true;
  const elapsed = await openLoop(cfg.seconds);
  const c = [...commandMs].sort((a, b) => a - b);
  const l = [...lagMs].sort((a, b) => a - b);
  return {
    mode,
    commands: commandMs.length,
    errors,
    failures: [...failures].map(([why, n]) => `${n}× ${why}`).join(', '),
    achievedRate: commandMs.length / elapsed,
    commandP50: pct(c, 50),
    commandP99: pct(c, 99),
    probes: lagMs.length + stale,
    stale,
    lagP50: pct(l, 50),
    lagP99: pct(l, 99),
    lagMax: l[l.length - 1] ?? NaN,
  };
}

async function run(stack: Promise<Stack>, cfg: Config): Promise<Result> {
  const started = await stack;
  try {
    return await measure(started.description, started.base, cfg);
  } finally {
    await started.close();
  }
}

async function main(): Promise<void> {
  const program = new Command()
    .description('Live projection lag while the api takes commands over HTTP (run `npm run build` first)')
    .option('--rate <n>', 'commands per second', '1000')
    .option('--seconds <n>', 'duration of each run', '10')
    .option('--warmup <n>', 'seconds of the same load before each run, not recorded', '2')
    .option('--probe-every <n>', 'probe the lag after every n-th command', '10')
    .option('--modes <list>', 'embedded,production', 'embedded,production')
    .option(
      '--database-url <url>',
      'PostgreSQL server (a scratch database is created and dropped)',
      'postgres://postgres@127.0.0.1:5432/test',
    )
    .option('--redis-url <url>', 'Redis database (flushed before and after)', 'redis://127.0.0.1:6379/9')
    .option('--readme', 'replace the "## Projections: live lag through the api" section of bench/README.md', false)
    .parse();
  const o = program.opts<Record<string, string | boolean>>();
  const cfg: Config = {
    rate: Number(o.rate),
    seconds: Number(o.seconds),
    warmup: Number(o.warmup),
    probeEvery: Number(o.probeEvery),
    modes: String(o.modes).split(','),
    databaseUrl: String(o.databaseUrl),
    redisUrl: String(o.redisUrl),
    readme: o.readme === true,
  };
  const results: Result[] = [];
  if (cfg.modes.includes('embedded')) results.push(await run(embeddedStack(4710), cfg));
  if (cfg.modes.includes('production')) results.push(await run(productionStack(4720, cfg), cfg));
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const rows = results.map(
    (r) =>
      `| ${r.mode} | ${r.achievedRate.toFixed(0)}/s (${r.commands} ok, ${r.errors} failed${r.failures ? `: ${r.failures}` : ''}) | ${ms(r.commandP50)} / ${ms(r.commandP99)} | ${r.probes - r.stale} (${r.stale} stale) | ${ms(r.lagP50)} / ${ms(r.lagP99)} / ${ms(r.lagMax)} | ${r.lagP99 <= 100 && r.stale === 0 && r.achievedRate >= 0.95 * cfg.rate ? 'PASS' : 'FAIL'} |`,
  );
  const command = `npm run build && npm run bench:api-lag -- --rate ${cfg.rate} --seconds ${cfg.seconds}${cfg.readme ? ' --readme' : ''}`;
  const section = [
    '## Projections: live lag through the api',
    '',
    '`bench/api-lag/run.ts` starts the built api (and, in production mode, the projector) as child processes and drives',
    `label renames (${ACCOUNTS} accounts × ${LABELS_PER_ACCOUNT} labels) over HTTP at a fixed open-loop rate for ${cfg.seconds} s (after ${cfg.warmup} s of the same load, not recorded). After every ${cfg.probeEvery}th command it reads the label`,
    "labels back with `X-Min-Position` set to the position the command returned; the lag is from the command's response to",
    "that read's response (one extra HTTP round trip included). Target (issue 3): p99 ≤ 100 ms while the api takes",
    '1,000 commands/s.',
    '',
    '| Deployment | Commands achieved | Command latency p50 / p99 | Lag probes | Lag p50 / p99 / max | ≤ 100 ms at the rate |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `- Machine: ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM; Node ${process.version}; the load generator runs on the same machine`,
    `- Date: ${new Date().toISOString()}`,
    `- Command: \`${command}\``,
  ].join('\n');
  console.log(section);
  if (cfg.readme) await writeReadmeSection(join(ROOT, 'bench/README.md'), section);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
