import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command, InvalidArgumentError } from 'commander';
import { stringify } from 'csv-stringify';
import { CSV_WRITE_OPTIONS } from '../../api/src/exports/csv-options';
import { ConfigValidationError } from '@app/config';
import { loadConfigOrExit } from '@app/runtime';
import { PROJECTIONS } from '@app/read-models/projections';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { createApp } from '../../api/src/app.factory';
import type { Principal } from '../../api/src/auth/principal';
import { CheckpointWaiter } from '../../api/src/consistency/checkpoint-waiter';
import { importContext } from '../../api/src/imports/import-context';
import { assertImportId } from '../../api/src/imports/import-request';
import { ImportService } from '../../api/src/imports/import.service';
import { ImportProgressReporter } from './import-progress';

/** `SQLITE_CACHE_MB` for this process when the environment does not set it (RSS stays within 500 MB: bench/README.md). */
const IMPORT_SQLITE_CACHE_MB = 32;

/**
 * Imports a CSV of labeled associations into the configured store through the api's own commands (ADR 0008):
 *   npm run import -- <file.csv> --from contacts --to companies [--from-key email] [--to-key domain]
 *     [--mode set|add] [--create-missing] [--id <importId>] [--account 1] [--user cli] [--errors <out.csv>]
 * Re-running the same command resumes an interrupted import, or changes nothing once it completed: the import id
 * defaults to one derived from the account, the file's content and the options. Progress goes to stderr, the result
 * to stdout.
 */
interface ImportOptions {
  from: string;
  to: string;
  fromKey?: string;
  toKey?: string;
  mode: 'set' | 'add';
  createMissing?: boolean;
  id?: string;
  account: string;
  user: string;
  errors?: string;
  waitMs: number;
}

async function fileHash(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('import')
    .description('Import labeled associations from a CSV file (header: from_<key>, to_<key>, labels)')
    .argument('<file>', 'the CSV file')
    .requiredOption('--from <objectType>', 'object type of the from records (contacts, 0-1, ...)')
    .requiredOption('--to <objectType>', 'object type of the to records')
    .option('--from-key <key>', 'how rows name from records: id, or the unique property (email, domain)')
    .option('--to-key <key>', 'how rows name to records: id, or the unique property')
    .option('--mode <mode>', 'set: replace the pair’s labels; add: add to them', mode, 'set')
    .option('--create-missing', 'create records named by a unique value no record holds')
    .option('--id <importId>', 'the import id (default: derived from the account, file and options)')
    .option('--account <accountId>', 'the account to import into', '1')
    .option('--user <userId>', 'who the events name as actor', 'import-cli')
    .option('--errors <path>', 'also write the rejected rows as CSV to this file')
    .option('--wait-ms <ms>', 'how long to wait at the end for the projections to catch up', positive, 600_000)
    .showHelpAfterError()
    .action((file: string, options: ImportOptions) => run(resolve(file), options));
  await program.parseAsync(argv, { from: 'node' });
}

function mode(value: string): 'set' | 'add' {
  if (value !== 'set' && value !== 'add') throw new InvalidArgumentError('must be set or add');
  return value;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number');
  return n;
}

async function run(path: string, options: ImportOptions): Promise<void> {
  // A bulk import re-reads B-tree pages of a growing store: a larger SQLite page cache than the api's, unless set.
  const config = loadConfigOrExit({ SQLITE_CACHE_MB: String(IMPORT_SQLITE_CACHE_MB) });
  if (config.EVENT_STORE === 'memory') {
    process.stderr.write('Note: the memory event store lives inside this process; nothing outlives it\n');
  }
  const sha = await fileHash(path);
  const optionsKey = [
    options.account,
    options.from,
    options.to,
    options.fromKey,
    options.toKey,
    options.mode,
    !!options.createMissing,
  ];
  const importId = assertImportId(
    options.id ??
      `cli-${createHash('sha256')
        .update(`${sha}\u0000${JSON.stringify(optionsKey)}`)
        .digest('hex')
        .slice(0, 32)}`,
  );
  const app = await createApp(config, { resumeImports: false });
  const reporter = new ImportProgressReporter();
  try {
    const imports = app.get(ImportService, { strict: false });
    const principal: Principal = { accountId: options.account, userId: options.user, roles: ['super_admin'] };
    const correlationId = randomUUID();
    const context = importContext(
      {
        accountId: options.account,
        actor: options.user,
        correlationId,
        causationId: correlationId,
        now: new Date().toISOString(),
        principal,
        route: 'cli import',
      },
      importId,
    );
    const request = {
      importId,
      fromObjectType: options.from,
      toObjectType: options.to,
      fromKey: options.fromKey,
      toKey: options.toKey,
      mode: options.mode,
      createMissing: !!options.createMissing,
      fileName: basename(path),
    };
    const started = Date.now();
    const before = await imports.state(options.account, importId);
    await imports.start(context, request, path);
    if (before.status === 'Running')
      process.stderr.write(`Resuming import ${importId} after line ${before.lastLine}\n`);
    const state = await imports.run(context, importId, path, (p) => reporter.update(p));
    reporter.stop();
    if (state.status !== 'Completed') throw new Error(`import ${importId} did not complete`);
    const head = await app.get<EventStore>(EVENT_STORE).headPosition();
    // With PROJECTIONS=off another process (apps/projector) runs them: the import does not wait for it.
    const caughtUp =
      config.PROJECTIONS === 'off'
        ? null
        : await app.get(CheckpointWaiter, { strict: false }).waitFor(
            PROJECTIONS.map((p) => p.name),
            head,
            options.waitMs,
          );
    const seconds = (Date.now() - started) / 1000;
    if (options.errors) {
      const rows = async function* () {
        for await (const errors of imports.errors(options.account, importId)) {
          for (const e of errors) yield [e.line, e.code, e.reason, ...(e.fields ?? [])];
        }
      };
      await pipeline(
        Readable.from(rows()),
        stringify({ header: true, columns: ['line', 'code', 'reason', ...state.spec.header], ...CSV_WRITE_OPTIONS }),
        createWriteStream(options.errors),
      );
    }
    process.stdout.write(
      `${JSON.stringify({
        importId,
        state: 'COMPLETED',
        totalRows: state.spec.totalRows,
        appliedRows: state.applied,
        rejectedRows: state.rejected,
        seconds: Number(seconds.toFixed(2)),
        projectionsCaughtUp: caughtUp,
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      })}\n`,
    );
  } finally {
    reporter.stop();
    await app.close();
  }
}

main(process.argv).catch((error: unknown) => {
  const message = error instanceof ConfigValidationError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`import: ${message}\n`);
  process.exit(1);
});
