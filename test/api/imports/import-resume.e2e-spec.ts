import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadAppConfig } from '@app/config';
import { createApp } from '../../../apps/api/src/app.factory';
import { BENCH_LABELS, generateImportFile } from '../../../bench/import/generate-file';
import { parseCsv } from '../support/csv';
import { REPO_ROOT, TS_NODE_ARGS, TS_NODE_ENV, run } from '../support/spawn';
import { TEST_SECRET, signToken } from '../support/test-app';

const ACCOUNT = 'resume';
const ROWS = 3000;

interface StoredEvent {
  position: number;
  stream: string;
  type: string;
  data: string;
  event_id: string;
}

/** An embedded (SQLite) store in a fresh directory, with the bench's labels created through the API. */
async function preparedStore(): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'import-resume-'));
  const env = {
    EVENT_STORE: 'sqlite',
    SQLITE_PATH: join(dir, 'events.db'),
    JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
  };
  const app = await createApp(loadAppConfig(env));
  const token = await signToken({ sub: 'admin', accountId: ACCOUNT, roles: ['super_admin'] });
  for (const body of BENCH_LABELS) {
    const response = await app.inject({
      method: 'POST',
      url: '/crm/v4/associations/contacts/companies/labels',
      headers: { authorization: `Bearer ${token}` },
      payload: { ...body },
    });
    expect(response.statusCode).toBe(200);
  }
  await app.close();
  return env;
}

/** `npm run import` as a child process; resolves with its output once it exits (or is killed). */
function importCli(env: Record<string, string>, file: string, onStart: (pid: number) => void = () => undefined) {
  const child = spawn(
    'node',
    [
      ...TS_NODE_ARGS,
      'apps/cli/src/import.cli.ts',
      file,
      '--from',
      'contacts',
      '--to',
      'companies',
      '--create-missing',
      '--account',
      ACCOUNT,
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, ...TS_NODE_ENV, ...env, IMPORT_BATCH_ROWS: '100' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  onStart(child.pid!);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, output })),
  );
}

function events(env: Record<string, string>): StoredEvent[] {
  const db = new Database(env.SQLITE_PATH!, { readonly: true });
  try {
    return db
      .prepare('SELECT position, stream, type, data, event_id FROM events ORDER BY position')
      .all() as StoredEvent[];
  } finally {
    db.close();
  }
}

/** `npm run export` of the account's contacts → companies, as (email, domain, labels) rows: ids may differ between runs. */
async function exported(env: Record<string, string>): Promise<string[]> {
  const result = await run(
    'node',
    [...TS_NODE_ARGS, 'apps/cli/src/export.cli.ts', '--from', 'contacts', '--to', 'companies', '--account', ACCOUNT],
    { ...TS_NODE_ENV, ...env },
    120_000,
  );
  expect(result.code).toBe(0);
  const [header, ...rows] = parseCsv(result.stdout);
  expect(header).toEqual(['from_id', 'from_email', 'to_id', 'to_domain', 'labels']);
  return rows.map(([, email, , domain, labels]) => `${email},${domain},${labels}`).sort();
}

const countBy = (log: StoredEvent[], type: string) => log.filter((e) => e.type === type).length;

/** Issue 8 item 4: kill -9 the importer mid-file, run it again → the same state as one uninterrupted run. */
describe('an import killed mid-file resumes where it stopped', () => {
  let file: string;
  let interrupted: Record<string, string>;
  let uninterrupted: Record<string, string>;
  beforeAll(async () => {
    file = join(mkdtempSync(join(tmpdir(), 'import-file-')), 'rows.csv');
    await generateImportFile(file, ROWS, 50);
    interrupted = await preparedStore();
    uninterrupted = await preparedStore();
  }, 60_000);

  it('after kill -9 and a re-run: identical associations, no duplicate events; a third run writes nothing', async () => {
    const whole = await importCli(uninterrupted, file);
    expect(whole.code).toBe(0);
    expect(JSON.parse(whole.output.trim().split('\n').pop()!)).toMatchObject({ appliedRows: ROWS, rejectedRows: 0 });

    // Kill the importer once a few checkpoints are stored, well before the end.
    let pid = 0;
    const killed = importCli(interrupted, file, (p) => (pid = p));
    const deadline = Date.now() + 60_000;
    for (;;) {
      let batches = 0;
      try {
        batches = countBy(events(interrupted), 'ImportBatchRecorded');
      } catch {
        // the database may not exist yet, or be mid-write
      }
      if (batches >= 3) break;
      if (Date.now() > deadline) throw new Error('the importer made no progress');
      await new Promise((r) => setTimeout(r, 20));
    }
    process.kill(pid, 'SIGKILL');
    expect((await killed).signal).toBe('SIGKILL');
    const atKill = events(interrupted);
    expect(countBy(atKill, 'ImportCompleted')).toBe(0);
    expect(countBy(atKill, 'ImportBatchRecorded')).toBeLessThan(ROWS / 100);

    const resumed = await importCli(interrupted, file);
    expect(resumed.code).toBe(0);
    expect(resumed.output).toMatch(/Resuming import cli-[0-9a-f]+ after line \d+/);

    const a = events(interrupted);
    const b = events(uninterrupted);
    const [exportA, exportB] = [await exported(interrupted), await exported(uninterrupted)];
    expect(exportA).toEqual(exportB);
    expect(exportA).toHaveLength(ROWS);
    expect(exportA).toContain('c0@bench.example,k0.bench.example,Decision maker');
    expect(exportA).toContain('c0@bench.example,k2.bench.example,Decision maker;Billing contact;Technical contact');
    for (const type of [
      'AssociationLabeled',
      'AssociationUnlabeled',
      'RecordCreated',
      'ImportBatchRecorded',
      'ImportCompleted',
    ]) {
      expect([type, countBy(a, type)]).toEqual([type, countBy(b, type)]);
    }
    expect(new Set(a.map((e) => e.event_id)).size).toBe(a.length);

    const again = await importCli(interrupted, file);
    expect(again.code).toBe(0);
    expect(events(interrupted)).toHaveLength(a.length);
  }, 300_000);
});
