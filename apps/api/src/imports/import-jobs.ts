import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppConfig } from '@app/config';
import type { CommandContext } from '../commands/command-context';
import { resumedContext } from './import-context';
import { ImportService } from './import.service';

/**
 * Runs uploaded imports in the background of the api process, one run per import at a time, and resumes those a
 * crash or restart interrupted: at start-up, every kept upload whose import is still running is run again from its
 * last checkpoint.
 */
/** Whether this process resumes interrupted uploads at start-up (true unless the app says otherwise). */
export const IMPORT_RESUME = Symbol('IMPORT_RESUME');

@Injectable()
export class ImportJobs implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ImportJobs.name);
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    private readonly imports: ImportService,
    private readonly config: AppConfig,
    @Optional() @Inject(IMPORT_RESUME) private readonly resume: boolean = true,
  ) {}

  /** Where an uploaded import's file is kept. */
  filePath(accountId: string, importId: string): string {
    return join(this.config.importDir(), accountId, `${importId}.csv`);
  }

  launch(context: CommandContext, importId: string): void {
    const key = `${context.accountId}\u0000${importId}`;
    if (this.stopping || this.running.has(key)) return;
    const run = this.imports
      .run(context, importId, this.filePath(context.accountId, importId), undefined, () => this.stopping)
      .then(
        // The rejected rows are on the import's stream: a completed import's file is no longer needed.
        async (state) => {
          if (state.status === 'Completed') await rm(this.filePath(context.accountId, importId), { force: true });
        },
        (error: unknown) => this.logger.error(`Import ${importId} stopped: ${(error as Error).message}`),
      )
      .finally(() => this.running.delete(key));
    this.running.set(key, run);
  }

  /** Resolves once the import's current run (if any) ends. */
  async settled(accountId: string, importId: string): Promise<void> {
    await this.running.get(`${accountId}\u0000${importId}`);
  }

  onApplicationBootstrap(): void {
    if (!this.resume) return;
    void this.resumeInterrupted().catch((error: unknown) =>
      this.logger.error(`Resuming imports failed: ${(error as Error).message}`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running.values());
  }

  /**
   * Only an upload whose file is still kept can be resumed (a completed import's file is removed), so the kept files
   * are the list: one stream read each, whatever the length of the log.
   */
  private async resumeInterrupted(): Promise<void> {
    const root = this.config.importDir();
    const accounts = await readdir(root, { withFileTypes: true }).catch(() => []);
    for (const account of accounts) {
      if (!account.isDirectory()) continue;
      for (const file of await readdir(join(root, account.name))) {
        if (!file.endsWith('.csv')) continue;
        const importId = file.slice(0, -'.csv'.length);
        const state = await this.imports.state(account.name, importId).catch(() => undefined);
        if (state?.status !== 'Running') continue;
        this.logger.log(`Resuming import ${importId} of account ${account.name}`);
        this.launch(resumedContext(account.name, importId, state.startedBy, new Date().toISOString()), importId);
      }
    }
  }
}
