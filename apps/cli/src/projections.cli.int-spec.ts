import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SqliteEventStore } from '@app/event-store/adapters/sqlite.event-store';
import { events } from '@app/event-store-testing';
import { SqliteReadModelStore, accountStatsKey, toAccountStats } from '@app/read-models';

const run = promisify(execFile);
const root = resolve(__dirname, '../../..');
const tsNode = join(root, 'node_modules/.bin/ts-node');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as `npm run projections` does, against the stores of `dir`. */
async function projections(dir: string, ...args: string[]): Promise<Outcome> {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    EVENT_STORE: 'sqlite',
    SQLITE_PATH: join(dir, 'events.db'),
    READ_MODELS: 'sqlite',
  };
  const command = ['-r', 'tsconfig-paths/register', '--transpile-only', 'apps/cli/src/projections.cli.ts', ...args];
  try {
    const { stdout, stderr } = await run(tsNode, command, { cwd: root, env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('npm run projections', () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'projections-cli-'));
    const store = new SqliteEventStore({ path: join(dir, 'events.db') });
    for (let i = 0; i < 2500; i += 100) {
      const account = String(i % 300 === 0 ? 7 : 8);
      await store.append([{ stream: `thing-${account}.${i}`, expected: 'any', events: events(account, 100) }]);
    }
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows a projection that never ran, with the whole log as lag', async () => {
    const out = await projections(dir, 'status');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^PROJECTION\s+STATE\s+GENERATION\s+CHECKPOINT\s+HEAD\s+LAG \(EVENTS\)\s+LAG \(S\)$/m);
    expect(out.stdout).toMatch(/^account-stats\s+never-run\s+1\s+-\s+2500\s+2,500\s+\d+\.\d$/m);
  }, 60_000);

  it('rebuilds into generation 2, reports progress on stderr, and status then says up to date', async () => {
    const rebuilt = await projections(dir, 'rebuild', 'account-stats', '--grace-ms', '50', '--page-size', '500');
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/Rebuilt account-stats: generation 1 → 2, 2,500 events up to position 2500/);
    expect(rebuilt.stderr).toMatch(
      /account-stats → generation 2: \d[\d,]*\/2,500 events \(\d+%\), [\d,]+ events\/s, ETA/,
    );
    expect(rebuilt.stderr).toContain('dropping generation 1');

    const status = await projections(dir, 'status', '--json');
    expect(JSON.parse(status.stdout)).toContainEqual(
      expect.objectContaining({
        name: 'account-stats',
        state: 'up-to-date',
        generation: 2,
        checkpoint: '2500',
        lagEvents: '0',
      }),
    );

    const readModels = new SqliteReadModelStore({ path: join(dir, 'read-models.db') });
    try {
      expect(await readModels.activeGeneration('account-stats')).toBe(2);
      const ns = { projection: 'account-stats', generation: 2 };
      expect(toAccountStats('7', await readModels.hgetall(ns, accountStatsKey('7'))).events).toBe(900);
      expect(toAccountStats('8', await readModels.hgetall(ns, accountStatsKey('8'))).events).toBe(1600);
    } finally {
      await readModels.close();
    }

    const all = await projections(dir, 'rebuild', 'all', '--grace-ms', '0');
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('Rebuilt account-stats: generation 2 → 3');
  }, 120_000);

  it('fails with a clear message on an unknown projection', async () => {
    const out = await projections(dir, 'rebuild', 'no-such-projection');
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("unknown projection 'no-such-projection'; known: account-stats");
  }, 60_000);
});
