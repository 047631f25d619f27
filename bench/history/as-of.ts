/**
 * bench/history/as-of (issue 6 item 3): point-in-time reads vs live reads of a record with 10,000 associations
 * (target: asOf within 2× of live). Run by bench/history/run.ts, or alone:
 *
 *   npx ts-node -r tsconfig-paths/register --transpile-only bench/history/as-of.ts [--associations 10000] [--reads 200]
 */
import { arg, startBenchApp, type BenchApp } from './bench-app';

const BATCH = 100;

export interface AsOfRow {
  read: string;
  size: string;
  p50: number;
  p99: number;
}

/** A company with `associations` contacts (every third labeled), churn after, then live and asOf pages compared. */
export async function asOfBench(
  bench: BenchApp,
  account: string,
  associations: number,
  reads: number,
): Promise<AsOfRow[]> {
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    bench.call(account, method, url, payload);
  let lastPosition = '0';
  const write = async (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) => {
    const response = await call(method, url, payload);
    lastPosition = String(response.headers['x-event-position']);
    return response;
  };
  const label = await write('POST', '/crm/v4/associations/companies/contacts/labels', {
    name: 'employer',
    label: 'Employer',
    inverseLabel: 'Employee',
  });
  const typeId = label
    .json<{ results: { typeId: number; label: string }[] }>()
    .results.find((r) => r.label === 'Employer')!.typeId;
  const company = (await write('POST', '/crm/v3/objects/companies', { properties: { name: 'hub' } })).json<{
    id: string;
  }>().id;
  const contacts: string[] = [];
  let mid = '0';
  for (let done = 0; done < associations; done += BATCH) {
    const inputs = Array.from({ length: BATCH }, () => ({ properties: {} }));
    const made = await write('POST', '/crm/v3/objects/contacts/batch/create', { inputs });
    const ids = made.json<{ results: { id: string }[] }>().results.map((r) => r.id);
    contacts.push(...ids);
    await write('POST', '/crm/v4/associations/companies/contacts/batch/create', {
      inputs: ids.map((id, i) => ({
        from: { id: company },
        to: { id },
        types: [
          { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 280 },
          ...(i % 3 === 0 ? [{ associationCategory: 'USER_DEFINED', associationTypeId: typeId }] : []),
        ],
      })),
    });
    if (done + BATCH === associations / 2) mid = lastPosition;
  }
  const full = lastPosition;
  const fullTime = new Date().toISOString();
  // Some churn after the full state: every tenth pair removed, then the label renamed.
  const removed = contacts.filter((_, i) => i % 10 === 5);
  for (let i = 0; i < removed.length; i += BATCH) {
    await write('POST', '/crm/v4/associations/companies/contacts/batch/archive', {
      inputs: [{ from: { id: company }, to: removed.slice(i, i + BATCH).map((id) => ({ id })) }],
    });
  }
  await write('PUT', '/crm/v4/associations/companies/contacts/labels', {
    associationTypeId: typeId,
    label: 'Employer (renamed)',
    inverseLabel: 'Employee',
  });

  const base = `/companies/${company}/associations/contacts`;
  const middleId = contacts[Math.floor(contacts.length / 2)]!;
  const cases: [string, string][] = [
    ['live v4, first page (500)', `/crm/v4/objects${base}`],
    ['asOf=<position> full, first page', `/api/v1/objects${base}?asOf=${full}`],
    ['asOf=<time> full, first page', `/api/v1/objects${base}?asOf=${encodeURIComponent(fullTime)}`],
    ['asOf=<position> half, first page', `/api/v1/objects${base}?asOf=${mid}`],
    ['live v4, page from the middle', `/crm/v4/objects${base}?after=${middleId}`],
    ['asOf=<position> full, page from the middle', `/api/v1/objects${base}?asOf=${full}&after=${middleId}`],
  ];
  const rows: AsOfRow[] = [];
  for (const [name, url] of cases) {
    const { p50, p99, body } = await bench.measure(account, url, reads);
    const size = `${(JSON.parse(body) as { results: unknown[] }).results.length} results`;
    rows.push({ read: `${name}, record with ${associations} associations`, size, p50, p99 });
  }
  return rows;
}

async function main(): Promise<void> {
  const associations = arg('associations', 10_000);
  const reads = arg('reads', 200);
  const bench = await startBenchApp();
  try {
    const rows = await asOfBench(bench, 'bench', associations, reads);
    console.log('| read | results | p50 ms | p99 ms |\n|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.read} | ${r.size} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} |`);
  } finally {
    await bench.close();
  }
}

if (require.main === module) {
  void main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
