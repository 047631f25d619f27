/**
 * bench/history (issue 6): the auditing reads at scale, against the embedded app in-process (bench-app.ts).
 *   - label history of a label with `--uses` (100,000) associations, first page: target p99 ≤ 20 ms;
 *   - association history of a pair with `--changes` (1,000) changes, first page: target p99 ≤ 20 ms;
 *   - usage lookup at 10 uses, at `--uses` and at `--big` (1,000,000) uses: target the same time (O(1));
 *   - point-in-time reads vs live on a record with `--associations` (10,000): target within 2× (as-of.ts).
 * 10 and `--uses` uses are built through the API; `--big` uses are seeded by appending `AssociationLabeled` events
 * straight to the store (one per association, the side the usage projection counts) — the write path would take
 * ~10 minutes for a million — and the projections then catch up on them like on any other events.
 *
 *   npx ts-node -r tsconfig-paths/register --transpile-only bench/history/run.ts [--uses 100000] [--changes 1000]
 *     [--big 1000000] [--associations 10000] [--reads 500] [--readme]
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { linksStream } from '@app/domain';
import { EVENT_STORE, type EventStore, type NewEvent } from '@app/event-store';
import { replaceSection } from '../readme-section';
import { asOfBench } from './as-of';
import { arg, startBenchApp, type BenchApp } from './bench-app';

const USES = arg('uses', 100_000);
const CHANGES = arg('changes', 1_000);
const BIG = arg('big', 1_000_000);
const ASSOCIATIONS = arg('associations', 10_000);
const READS = arg('reads', 500);
const BATCH = 100;

interface Row {
  read: string;
  size: string;
  p50: number;
  p99: number;
  target: string;
}

async function label(bench: BenchApp, account: string, name: string): Promise<number> {
  const made = await bench.call(account, 'POST', '/crm/v4/associations/contacts/companies/labels', {
    name,
    label: name,
  });
  return made.json<{ results: { typeId: number }[] }>().results[0]!.typeId;
}

async function records(bench: BenchApp, account: string, type: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let done = 0; done < count; done += BATCH) {
    const inputs = Array.from({ length: Math.min(BATCH, count - done) }, () => ({ properties: {} }));
    const made = await bench.call(account, 'POST', `/crm/v3/objects/${type}/batch/create`, { inputs });
    ids.push(...made.json<{ results: { id: string }[] }>().results.map((r) => r.id));
  }
  return ids;
}

/** `count` contacts associated with one company under `typeId`, through batch/create. */
async function uses(bench: BenchApp, account: string, typeId: number, count: number): Promise<void> {
  const [company] = await records(bench, account, 'companies', 1);
  const contacts = await records(bench, account, 'contacts', count);
  for (let i = 0; i < contacts.length; i += BATCH) {
    await bench.call(account, 'POST', '/crm/v4/associations/contacts/companies/batch/create', {
      inputs: contacts.slice(i, i + BATCH).map((id) => ({
        from: { id },
        to: { id: company },
        types: [{ associationCategory: 'USER_DEFINED', associationTypeId: typeId }],
      })),
    });
  }
}

/** `count` uses appended directly: AssociationLabeled on contacts' links streams (the side usage counts). */
async function seedUses(store: EventStore, account: string, typeId: number, count: number): Promise<bigint> {
  const at = new Date().toISOString();
  let last = 0n;
  for (let start = 0; start < count; start += 1000) {
    const writes = Array.from({ length: Math.min(1000, count - start) }, (_, i) => {
      const recordId = String(10_000_000 + start + i);
      const event: NewEvent = {
        id: randomUUID(),
        type: 'AssociationLabeled',
        data: {
          objectTypeId: '0-1',
          recordId,
          toObjectTypeId: '0-2',
          toRecordId: '1',
          typeIds: [279, typeId],
          changedBy: 'bench',
          changedAt: at,
          created: true,
        },
        metadata: {
          accountId: account,
          actor: 'bench',
          commandId: randomUUID(),
          correlationId: 'bench-seed',
          causationId: 'bench-seed',
          schemaVersion: 1,
        },
      };
      return { stream: linksStream(account, '0-1', recordId), expected: 'no_stream' as const, events: [event] };
    });
    last = (await store.append(writes)).position;
  }
  return last;
}

/** Reads `url` until the projections it reads have passed the account's last position (no `X-Stale`). */
async function waitForProjections(bench: BenchApp, account: string, url: string): Promise<void> {
  while ((await bench.call(account, 'GET', url)).headers['x-stale'] === 'true');
}

/** The targets, checked on the measured rows: p99 for the histories, p50 ratios for usage and asOf. */
function verdictsOf(rows: readonly Row[]): string[] {
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const history = rows.filter((r) => r.read.includes('history'));
  const usage = rows.filter((r) => r.read.startsWith('usage'));
  const usageSpread = Math.max(...usage.map((r) => r.p50)) / Math.min(...usage.map((r) => r.p50));
  const live = rows.filter((r) => r.read.startsWith('live'));
  const asOf = rows.filter((r) => r.read.startsWith('asOf'));
  const liveFirst = live.find((r) => r.read.includes('first page'))!;
  const liveMiddle = live.find((r) => r.read.includes('middle'))!;
  const asOfRatio = Math.max(...asOf.map((r) => r.p50 / (r.read.includes('middle') ? liveMiddle : liveFirst).p50));
  return [
    ...history.map((r) => `- ${r.read}: p99 ${r.p99.toFixed(2)} ms (target ≤ 20 ms): ${verdict(r.p99 <= 20)}`),
    `- usage lookup: slowest p50 / fastest p50 = ${usageSpread.toFixed(2)} from ${usage.map((r) => r.size).join(' to ')} (target: the same time, ≤ 1.5): ${verdict(usageSpread <= 1.5)}`,
    `- asOf: slowest p50 / live p50 of the same page = ${asOfRatio.toFixed(2)} (target ≤ 2): ${verdict(asOfRatio <= 2)}`,
  ];
}

async function main(): Promise<void> {
  const bench = await startBenchApp();
  const rows: Row[] = [];
  const started = Date.now();
  const log = (what: string) => console.log(`${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s  ${what}`);
  try {
    // Label history and usage at --uses.
    const busy = await label(bench, 'uses', 'Busy');
    for (let i = 1; i <= 5; i++) {
      await bench.call('uses', 'PUT', '/crm/v4/associations/contacts/companies/labels', {
        associationTypeId: busy,
        label: `Busy ${i}`,
      });
    }
    await uses(bench, 'uses', busy, USES);
    log(`${USES} uses of one label`);
    const history = await bench.measure('uses', `/api/v1/association-labels/${busy}/history`, READS);
    const entries = JSON.parse(history.body) as { results: unknown[] };
    rows.push({
      read: `label history, ${USES} uses, first page`,
      size: `${entries.results.length} entries`,
      ...history,
      target: 'p99 ≤ 20 ms',
    });

    // Pair history at --changes.
    const [a, b] = [await label(bench, 'pair', 'A'), await label(bench, 'pair', 'B')];
    const [contact] = await records(bench, 'pair', 'contacts', 1);
    const [company] = await records(bench, 'pair', 'companies', 1);
    const pair = `/crm/v4/objects/contacts/${contact}/associations/companies/${company}`;
    for (let i = 0; i < CHANGES; i++) {
      const types = i % 2 === 0 ? [a] : [a, b];
      await bench.call(
        'pair',
        'PUT',
        pair,
        types.map((t) => ({ associationCategory: 'USER_DEFINED', associationTypeId: t })),
      );
    }
    log(`${CHANGES} changes of one pair`);
    const pairHistory = await bench.measure(
      'pair',
      `/api/v1/objects/contacts/${contact}/associations/companies/${company}/history`,
      READS,
    );
    rows.push({
      read: `association history, ${CHANGES} changes, first page`,
      size: `${(JSON.parse(pairHistory.body) as { results: unknown[] }).results.length} entries`,
      ...pairHistory,
      target: 'p99 ≤ 20 ms',
    });

    // Usage at 10, --uses and --big.
    const few = await label(bench, 'few', 'Few');
    await uses(bench, 'few', few, 10);
    const many = await label(bench, 'big', 'Many');
    const seeded = await seedUses(bench.app.get<EventStore>(EVENT_STORE), 'big', many, BIG);
    log(`${BIG} uses seeded; waiting for the projections`);
    bench.readAfter('big', seeded);
    await waitForProjections(bench, 'big', `/api/v1/association-labels/${many}/usage`);
    log('projections caught up');
    for (const [account, typeId, count] of [
      ['few', few, 10],
      ['uses', busy, USES],
      ['big', many, BIG],
    ] as const) {
      const usage = await bench.measure(account, `/api/v1/association-labels/${typeId}/usage`, READS);
      const total = (JSON.parse(usage.body) as { associations: { total: number } }).associations.total;
      if (total !== count) throw new Error(`usage of ${account} reads ${total}, expected ${count}`);
      rows.push({
        read: `usage lookup, ${count} uses`,
        size: `total ${total}`,
        ...usage,
        target: 'same at every size',
      });
    }

    // Point in time vs live (as-of.ts).
    for (const row of await asOfBench(bench, 'asof', ASSOCIATIONS, READS))
      rows.push({ ...row, target: 'asOf ≤ 2× live' });
    log('done');
  } finally {
    await bench.close();
  }

  const verdicts = verdictsOf(rows);
  const table = [
    '| read | answer | p50 ms | p99 ms | target |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.read} | ${r.size} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.target} |`),
  ].join('\n');
  console.log(`\n${table}\n\n${verdicts.join('\n')}`);
  if (process.argv.includes('--readme')) {
    const readme = join(__dirname, '..', 'README.md');
    const section = [
      '## History and auditing reads (issue 6)',
      '',
      `Command: \`npx ts-node -r tsconfig-paths/register --transpile-only bench/history/run.ts --uses ${USES} --changes ${CHANGES} --big ${BIG} --associations ${ASSOCIATIONS} --reads ${READS} --readme\``,
      '',
      `Embedded app in-process (SQLite events and read models, projections inline), requests through \`app.inject\` (no socket), ${READS} reads per row after 20 warm-up reads, on this 2-core machine. ${BIG.toLocaleString('en-US')} uses are seeded by appending \`AssociationLabeled\` events directly (the write path would take ~10 minutes); the other data goes through the API.`,
      '',
      table,
      '',
      ...verdicts,
      '',
    ].join('\n');
    writeFileSync(readme, replaceSection(readFileSync(readme, 'utf8'), section));
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
