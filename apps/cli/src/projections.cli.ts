import { randomUUID } from 'node:crypto';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigValidationError, loadAppConfig } from '@app/config';
import type { EventStore } from '@app/event-store';
import { createReadModelStore } from '@app/read-models';
import type { Projection, ReadModelStore } from '@app/read-models';
import { PROJECTIONS } from '@app/read-models/projections';
import {
  RebuildInProgressError,
  formatLagEvents,
  projectionStatus,
  rebuildLockName,
  rebuildProjection,
} from '@app/read-models/rebuild';
import type { ProjectionStoreStatus } from '@app/read-models/rebuild';
import { openEventStore } from '@app/runtime';
import { RebuildProgressReporter } from './rebuild-progress';

/**
 * Projection maintenance against the configured stores (the same env as the api and projector, which may be
 * running):
 *   npm run projections -- status [--json]
 *   npm run projections -- rebuild <name>|all [--grace-ms 2000] [--page-size 1000]
 * Results go to stdout; progress and notes to stderr.
 */
class UsageError extends Error {}

async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('projections')
    .description('Status and blue/green rebuilds of the read-model projections')
    .showHelpAfterError();

  program
    .command('status')
    .description('active generation, checkpoint, lag in events and seconds, and state of every projection')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) => {
      await withStores(async (store, readModels) => {
        const statuses = await projectionStatus(store, readModels, PROJECTIONS);
        process.stdout.write(
          options.json ? `${JSON.stringify(statuses.map(toJson), null, 2)}\n` : statusTable(statuses),
        );
      });
    });

  program
    .command('rebuild')
    .argument('<name>', `a projection (${PROJECTIONS.map((p) => p.name).join(', ')}) or "all"`)
    .description('replay the whole log into a new generation, switch to it, then drop the old one')
    .option('--grace-ms <ms>', 'wait between the switch and dropping the old generation', nonNegative, 2000)
    .option('--page-size <n>', 'events per read and per atomic write', positive, 1000)
    .action(async (name: string, options: { graceMs: number; pageSize: number }) => {
      const selected = select(name);
      await withStores(async (store, readModels) => {
        for (const projection of selected) await rebuild(store, readModels, projection, options);
      });
    });

  await program.parseAsync(argv, { from: 'node' });
}

function select(name: string): readonly Projection[] {
  if (name === 'all') return PROJECTIONS;
  const projection = PROJECTIONS.find((p) => p.name === name);
  if (!projection) {
    throw new UsageError(
      `unknown projection '${name}'; known: ${PROJECTIONS.map((p) => p.name).join(', ')} (or "all")`,
    );
  }
  return [projection];
}

async function withStores(work: (store: EventStore, readModels: ReadModelStore) => Promise<void>): Promise<void> {
  const config = loadAppConfig();
  if (config.EVENT_STORE === 'memory' || config.READ_MODELS === 'memory') {
    process.stderr.write('Note: memory stores live inside one process; this command only sees its own, empty ones\n');
  }
  const store = await openEventStore(config.eventStoreConfig());
  const readModels = createReadModelStore(config.readModelStoreConfig());
  try {
    await work(store, readModels);
  } finally {
    await readModels.close();
    await store.close();
  }
}

async function rebuild(
  store: EventStore,
  readModels: ReadModelStore,
  projection: Projection,
  options: { graceMs: number; pageSize: number },
): Promise<void> {
  const owner = `cli-${process.pid}-${randomUUID()}`;
  const reporter = new RebuildProgressReporter();
  // Ctrl-C mid-build: the half-built generation is dropped by the next rebuild; free the lock for it now.
  const interrupt = (): void => {
    reporter.abort();
    process.stderr.write(`\nInterrupted: ${projection.name} still serves its old generation\n`);
    void readModels.releaseLease(rebuildLockName(projection.name), owner).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  try {
    const result = await rebuildProjection(store, readModels, projection, {
      owner,
      graceMs: options.graceMs,
      pageSize: options.pageSize,
      onProgress: (p) => reporter.update(p),
    });
    const seconds = result.durationMs / 1000;
    const stale =
      result.droppedStale.length > 0 ? `; dropped stale generation(s) ${result.droppedStale.join(', ')}` : '';
    process.stdout.write(
      `Rebuilt ${result.projection}: generation ${result.previousGeneration} → ${result.generation}, ` +
        `${result.events.toLocaleString('en-US')} events up to position ${result.checkpoint} in ${seconds.toFixed(1)} s ` +
        `(${Math.round(result.events / Math.max(seconds, 0.001)).toLocaleString('en-US')} events/s)${stale}\n`,
    );
  } catch (error) {
    reporter.abort();
    throw error;
  } finally {
    process.removeListener('SIGINT', interrupt);
  }
}

function statusTable(statuses: readonly ProjectionStoreStatus[]): string {
  const header = ['PROJECTION', 'STATE', 'GENERATION', 'CHECKPOINT', 'HEAD', 'LAG (EVENTS)', 'LAG (S)'];
  const rows = statuses.map((s) => [
    s.name,
    s.state,
    String(s.generation),
    s.checkpoint === undefined ? '-' : s.checkpoint.toString(),
    s.head.toString(),
    formatLagEvents(s),
    s.lagSeconds.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const notes = statuses.flatMap((s) =>
    (s.otherGenerations ?? []).map(
      (g) =>
        `${s.name}: generation ${g.generation} also holds data (checkpoint ${g.checkpoint}): a rebuild in progress, ` +
        'or one that was interrupted (the next rebuild drops it)',
    ),
  );
  return [
    line(header),
    ...rows.map(line),
    '',
    'State and lag come from the stores (lag: events after the checkpoint, seconds since the first of them was',
    "recorded). The runner's own phase (live, retrying, failed) is on /health of the process that runs it.",
    ...notes,
    '',
  ].join('\n');
}

function toJson(s: ProjectionStoreStatus): object {
  return {
    ...s,
    checkpoint: s.checkpoint?.toString() ?? null,
    head: s.head.toString(),
    lagEvents: formatLagEvents(s),
    otherGenerations: (s.otherGenerations ?? []).map((g) => ({
      generation: g.generation,
      checkpoint: g.checkpoint.toString(),
    })),
  };
}

function positive(raw: string): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function nonNegative(raw: string): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

main(process.argv).catch((error: unknown) => {
  const message =
    error instanceof ConfigValidationError || error instanceof UsageError || error instanceof RebuildInProgressError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`projections: ${message}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
