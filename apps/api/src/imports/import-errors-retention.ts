import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { importContext } from './import-context';
import { IMPORT_RESUME } from './import-jobs';
import { ImportService } from './import.service';

const DAY_MS = 86_400_000;
/** How often the api sweeps while it runs (besides once at start-up). */
const SWEEP_EVERY_MS = 3_600_000;
const PAGE = 1000;
export const RETENTION_ACTOR = 'system:import-retention';

interface Pending {
  accountId: string;
  importId: string;
  completedAt: number;
}

/**
 * Enforces `IMPORT_ERRORS_RETENTION_DAYS` (ADR 0008): a completed import's rejected rows are erased (its data key
 * destroyed) once they are older than that. The api process that runs imports sweeps at start-up and every hour; the
 * first sweep reads the log's import events once (completions and erasures only), later sweeps only what came since,
 * and the imports still to expire are kept in memory.
 */
@Injectable()
export class ImportErrorsRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ImportErrorsRetention.name);
  private readonly pending = new Map<string, Pending>();
  /** Imports erased already (an erasure may precede the completion, of an import erased while it ran). */
  private readonly erased = new Set<string>();
  private after = 0n;
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;

  constructor(
    private readonly imports: ImportService,
    private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(IMPORT_RESUME) private readonly active: boolean = true,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.active || this.config.IMPORT_ERRORS_RETENTION_DAYS === 0) return;
    const run = () =>
      void this.sweep().catch((e: unknown) => this.logger.error(`Sweep failed: ${(e as Error).message}`));
    run();
    this.timer = setInterval(run, SWEEP_EVERY_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping?.catch(() => undefined);
  }

  /** Erases the rejected rows of every completed import older than the retention period at `now`; answers how many. */
  sweep(now: Date = new Date()): Promise<number> {
    const previous = this.sweeping ?? Promise.resolve(0);
    const run = previous.catch(() => 0).then(() => this.sweepOnce(now));
    this.sweeping = run;
    return run;
  }

  private async sweepOnce(now: Date): Promise<number> {
    const days = this.config.IMPORT_ERRORS_RETENTION_DAYS;
    if (days === 0) return 0;
    await this.catchUp();
    const cutoff = now.getTime() - days * DAY_MS;
    let erased = 0;
    for (const [key, { accountId, importId, completedAt }] of this.pending) {
      if (completedAt > cutoff) continue;
      const id = randomUUID();
      const context = importContext(
        {
          accountId,
          actor: RETENTION_ACTOR,
          correlationId: id,
          causationId: id,
          now: now.toISOString(),
          principal: { accountId, userId: RETENTION_ACTOR, roles: ['super_admin'] },
          route: 'import-retention',
        },
        importId,
      );
      await this.imports.eraseErrors(context, importId, 'retention');
      this.pending.delete(key);
      this.erased.add(key);
      erased += 1;
    }
    if (erased > 0) this.logger.log(`Erased the rejected rows of ${erased} import(s) older than ${days} days`);
    return erased;
  }

  /** Reads the import completions and erasures written since the last sweep. */
  private async catchUp(): Promise<void> {
    for (;;) {
      const events = await this.store.readAll({
        after: this.after,
        maxCount: PAGE,
        filter: { categories: ['import'], eventTypes: ['ImportCompleted', 'ImportErrorsErased'] },
      });
      for (const event of events) {
        const { importId, rejected, completedAt } = event.data as {
          importId: string;
          rejected?: number;
          completedAt?: string;
        };
        const key = `${event.metadata.accountId}\u0000${importId}`;
        if (event.type === 'ImportErrorsErased') {
          this.pending.delete(key);
          this.erased.add(key);
        } else if ((rejected ?? 0) > 0 && completedAt !== undefined && !this.erased.has(key)) {
          // An import that rejected nothing keeps nothing to erase.
          this.pending.set(key, {
            accountId: event.metadata.accountId,
            importId,
            completedAt: Date.parse(completedAt),
          });
        }
      }
      if (events.length === 0) return;
      this.after = events[events.length - 1]!.position;
    }
  }
}
