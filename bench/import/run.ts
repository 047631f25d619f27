/**
 * bench/import (issue 8): a generated N-row file (contacts ↔ companies by email and domain, 1–3 labels per row)
 * imported into the embedded store (SQLite events and read models, projections in the importing process) by
 * `npm run import`, end to end: from the CLI's start until the projections have caught up with the last write.
 * Target: ≥ 10,000 rows/s for 1,000,000 rows, peak RSS ≤ 500 MB whatever the size.
 *
 * The file, the store and the read models live in a fresh temp directory, removed afterwards (`--keep` keeps it);
 * nothing is written into the repository. The records the rows name are created first (not timed), through the
 * api's batch create command, so the timed import writes the associations only (two links events per row).
 *
 *   npm run bench:import -- --rows 1000000
 *   npm run bench:import -- --rows 20000          # a quick look
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { CommandBus } from '@nestjs/cqrs';
import { SignJWT } from 'jose';
import { loadAppConfig } from '@app/config';
import { createApp } from '../../apps/api/src/app.factory';
import type { CommandContext } from '../../apps/api/src/commands/command-context';
import { BatchCreateRecordsCommand } from '../../apps/api/src/records/batch-create-records/batch-create-records.command';
import { BENCH_LABELS, companyDomain, contactEmail, generateImportFile } from './generate-file';

const ROOT = resolve(__dirname, '../..');
/** What `npm run import` builds and runs. */
const IMPORT_CLI = 'dist/apps/cli/apps/cli/src/import.cli.js';
const SECRET = 'bench-secret-that-is-long-enough-0123456789';
const ACCOUNT = 'bench';

interface Options {
  rows: number;
  batchRows: number;
  keep?: boolean;
  cpuProf?: string;
}

async function setUp(env: Record<string, string>, contacts: number, companies: number): Promise<void> {
  const app = await createApp(loadAppConfig(env));
  try {
    const token = await new SignJWT({ accountId: ACCOUNT, roles: ['super_admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('bench')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    for (const label of BENCH_LABELS) {
      const response = await app.inject({
        method: 'POST',
        url: '/crm/v4/associations/contacts/companies/labels',
        headers: { authorization: `Bearer ${token}` },
        payload: { ...label },
      });
      if (response.statusCode !== 200) throw new Error(`creating label ${label.name}: ${response.body}`);
    }
    const commands = app.get(CommandBus);
    const create = async (objectType: string, count: number, properties: (i: number) => Record<string, string>) => {
      for (let start = 0; start < count; start += 1000) {
        const id = randomUUID();
        const context: CommandContext = {
          accountId: ACCOUNT,
          actor: 'bench',
          commandId: id,
          correlationId: id,
          causationId: id,
          now: new Date().toISOString(),
          route: 'bench setup',
          principal: { accountId: ACCOUNT, userId: 'bench', roles: ['super_admin'] },
        };
        const inputs = Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({
          properties: properties(start + i),
          associations: [],
        }));
        const { result } = await commands.execute(new BatchCreateRecordsCommand(context, objectType, inputs));
        if (result.errors.length > 0) throw new Error(`creating ${objectType}: ${result.errors[0]!.message}`);
        process.stderr.write(`\rsetup: ${objectType} ${Math.min(start + 1000, count)}/${count}`);
      }
      process.stderr.write('\n');
    };
    await create('companies', companies, (i) => ({ domain: companyDomain(i) }));
    await create('contacts', contacts, (i) => ({ email: contactEmail(i) }));
  } finally {
    await app.close();
  }
}

function runImport(env: Record<string, string>, file: string, nodeArgs: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...nodeArgs,
        // As `npm run import` runs it (package.json): compiled (ts-node's compiler alone held ~185 MB of RSS), with a
        // bounded heap that keeps V8 collecting before RSS grows.
        '--max-old-space-size=320',
        IMPORT_CLI,
        file,
        '--from',
        'contacts',
        '--to',
        'companies',
        '--account',
        ACCOUNT,
      ],
      { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the import exited with ${code}`));
      resolvePromise(JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>);
    });
  });
}

async function main(): Promise<void> {
  const options = new Command('bench:import')
    .option('--rows <n>', 'rows in the generated file', Number, 1_000_000)
    .option('--batch-rows <n>', 'IMPORT_BATCH_ROWS', Number, 500)
    .option('--keep', 'keep the temp directory (file, store, read models)')
    .option('--cpu-prof <dir>', 'write a V8 CPU profile of the import process into this directory')
    .parse()
    .opts<Options>();
  // First, so that what runs is the tree as it was when the bench started.
  process.stderr.write('building the import CLI (nest build cli)\n');
  execFileSync('npx', ['nest', 'build', 'cli'], { cwd: ROOT, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  const env = {
    EVENT_STORE: 'sqlite',
    SQLITE_PATH: join(dir, 'events.db'),
    READ_MODELS: 'sqlite',
    JWT_SECRET: SECRET,
    LOG_LEVEL: 'warn',
    IMPORT_BATCH_ROWS: String(options.batchRows),
  };
  try {
    const file = join(dir, 'rows.csv');
    const generated = await generateImportFile(file, options.rows);
    process.stderr.write(`generated ${generated.rows} rows (${(generated.bytes / 1e6).toFixed(1)} MB) in ${file}\n`);
    await setUp(env, generated.contacts, generated.companies);
    const result = await runImport(
      env,
      file,
      options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProf}`] : [],
    );
    const seconds = Number(result.seconds);
    const summary = {
      rows: generated.rows,
      appliedRows: result.appliedRows,
      rejectedRows: result.rejectedRows,
      seconds,
      rowsPerSecond: Math.round(generated.rows / seconds),
      peakRssMb: result.peakRssMb,
      projectionsCaughtUp: result.projectionsCaughtUp,
      target: { rowsPerSecond: 10_000, peakRssMb: 500 },
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } finally {
    if (options.keep) process.stderr.write(`kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:import: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
