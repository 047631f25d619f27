import { Injectable } from '@nestjs/common';
import {
  importDecider,
  importStream,
  type ImportCommand,
  type ImportEvent,
  type ImportState,
} from '@app/domain/imports';
import type { CommandContext } from '../commands/command-context';
import { CommandExecutor } from '../commands/command-executor';
import { StreamLoader, type LoadedStream, type StreamFold } from '../schema/stream-loader';

const importFold: StreamFold<ImportState> = {
  name: 'import',
  initialState: importDecider.initialState,
  evolve: (state, event) => importDecider.evolve(state, event as ImportEvent),
};

/** The write side's view of import jobs: each one's stream, folded; commands on it append at the revision read. */
@Injectable()
export class ImportStreams {
  constructor(
    private readonly loader: StreamLoader,
    private readonly executor: CommandExecutor,
  ) {}

  load(accountId: string, importId: string): Promise<LoadedStream<ImportState>> {
    return this.loader.load(importStream(accountId, importId), importFold);
  }

  /** Decides one import command and appends it (or, inside a write group, adds it to the group's append). */
  async execute(context: CommandContext, command: ImportCommand, step: string): Promise<ImportState> {
    const { importId } = command.data;
    await this.executor.execute(
      context,
      async () => {
        const loaded = await this.load(context.accountId, importId);
        const events = importDecider.decide(command, loaded.state);
        const stream = importStream(context.accountId, importId);
        return { writes: [{ stream, expected: loaded.revision ?? 'no_stream', events }], result: undefined };
      },
      step,
    );
    return (await this.load(context.accountId, importId)).state;
  }
}
