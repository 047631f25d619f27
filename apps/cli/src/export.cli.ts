import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command } from 'commander';
import { stringify } from 'csv-stringify';
import { CSV_WRITE_OPTIONS } from '../../api/src/exports/csv-options';
import { loadConfigOrExit } from '@app/runtime';
import { PROJECTIONS } from '@app/read-models/projections';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { createApp } from '../../api/src/app.factory';
import { CheckpointWaiter } from '../../api/src/consistency/checkpoint-waiter';
import { AssociationExportService } from '../../api/src/exports/association-export.service';

/**
 * Exports the account's associations between two object types as CSV in the importer's format (ADR 0008):
 *   npm run export -- --from contacts --to companies [--account 1] [--out file.csv]
 * Waits for the projections to pass the store's head first, so the export holds every write made before it started.
 */
interface ExportOptions {
  from: string;
  to: string;
  account: string;
  out?: string;
  waitMs: number;
}

async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('export')
    .description('Export labeled associations as CSV (from_id, from_<unique>, to_id, to_<unique>, labels)')
    .requiredOption('--from <objectType>', 'object type of the from records (contacts, 0-1, ...)')
    .requiredOption('--to <objectType>', 'object type of the to records')
    .option('--account <accountId>', 'the account to export', '1')
    .option('--out <path>', 'write to this file instead of stdout')
    .option('--wait-ms <ms>', 'how long to wait for the projections to catch up first', Number, 600_000)
    .showHelpAfterError()
    .action((options: ExportOptions) => run(options));
  await program.parseAsync(argv, { from: 'node' });
}

async function run(options: ExportOptions): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApp(config, { resumeImports: false });
  try {
    const head = await app.get<EventStore>(EVENT_STORE).headPosition();
    const caughtUp = await app.get(CheckpointWaiter, { strict: false }).waitFor(
      PROJECTIONS.map((p) => p.name),
      head,
      options.waitMs,
    );
    if (!caughtUp)
      process.stderr.write('Warning: the projections have not caught up; the export may miss recent writes\n');
    const exported = await app
      .get(AssociationExportService, { strict: false })
      .export(options.account, options.from, options.to);
    await pipeline(
      Readable.from(exported.rows),
      stringify({ header: true, columns: exported.header, ...CSV_WRITE_OPTIONS }),
      options.out ? createWriteStream(options.out) : process.stdout,
    );
  } finally {
    await app.close();
  }
}

main(process.argv).catch((error: unknown) => {
  process.stderr.write(`export: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
