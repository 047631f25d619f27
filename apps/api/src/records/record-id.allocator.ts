import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { idsStream, recordIdsDecider, type RecordIdsEvent, type RecordIdsState } from '@app/domain';
import type { CommandContext } from '../commands/command-context';
import { CommandExecutor } from '../commands/command-executor';
import { outsideWriteGroup } from '../commands/write-group';
import { StreamLoader, type StreamFold } from '../schema/stream-loader';

/** Ids reserved per account at a time: one append on `ids-{account}` per this many creations per process. */
export const RECORD_ID_BLOCK_SIZE = 100;
/** Accounts whose block is kept at once; a forgotten block's unused ids are skipped (gaps are fine). */
const MAX_ACCOUNTS = 10_000;

const idsFold: StreamFold<RecordIdsState> = {
  name: 'record-ids',
  initialState: recordIdsDecider.initialState,
  evolve: (state, event) => recordIdsDecider.evolve(state, event as RecordIdsEvent),
};

/**
 * Hands out record ids (ADR 0006 §6): reserves blocks on the account's `ids-{account}` stream with the expected
 * revision (re-decided on conflict, so two processes never get the same block) and serves ids from the block in
 * memory. One reservation per account is in flight at a time; concurrent callers wait for it. Ids of a block the
 * process never used (a crash, a restart) are simply never issued.
 */
@Injectable()
export class RecordIdAllocator {
  private readonly blocks = new Map<string, { next: number; to: number }>();
  private readonly reserving = new Map<string, Promise<void>>();

  constructor(
    private readonly loader: StreamLoader,
    private readonly executor: CommandExecutor,
  ) {}

  async next(context: CommandContext): Promise<string> {
    const { accountId } = context;
    for (;;) {
      const block = this.blocks.get(accountId);
      if (block !== undefined && block.next <= block.to) return String(block.next++);
      let reservation = this.reserving.get(accountId);
      if (reservation === undefined) {
        // Appended at once even inside a batch: the block is this process's the moment it is handed out.
        reservation = outsideWriteGroup(() => this.reserve(context)).finally(() => this.reserving.delete(accountId));
        this.reserving.set(accountId, reservation);
      }
      await reservation;
    }
  }

  private async reserve(context: CommandContext): Promise<void> {
    const { accountId } = context;
    // A reservation is its own command: a retried request must get a fresh block, never replay an old one's events.
    const reservation: CommandContext = { ...context, commandId: randomUUID(), causationId: context.commandId };
    const stream = idsStream(accountId);
    const { result } = await this.executor.execute(
      reservation,
      async () => {
        const ids = await this.loader.load(stream, idsFold);
        const events = recordIdsDecider.decide(
          { type: 'ReserveRecordIds', data: { count: RECORD_ID_BLOCK_SIZE }, metadata: reservation },
          ids.state,
        );
        return { writes: [{ stream, expected: ids.revision ?? 'no_stream', events }], result: events[0]!.data };
      },
      'reserve-ids',
    );
    this.blocks.delete(accountId);
    this.blocks.set(accountId, { next: result.from, to: result.to });
    if (this.blocks.size > MAX_ACCOUNTS) this.blocks.delete(this.blocks.keys().next().value as string);
  }
}
